package io.patchrun.status;

/**
 * Whether a registry answered its {@code /v2/} endpoint.
 *
 * @param address host[:port] of the registry
 * @param answers whether it answered with 200 or 401 (a registry that wants a login still answers)
 * @param problem why it did not answer, otherwise {@code null}
 */
public record RegistryStatus(String address, boolean answers, String problem) {
}
