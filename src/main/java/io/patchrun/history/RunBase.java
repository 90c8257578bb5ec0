package io.patchrun.history;

/**
 * One upstream base a run checked before it planned.
 *
 * @param ref     the reference as the Dockerfiles use it
 * @param digest  the digest the registry gave, or {@code null} when the check failed
 * @param problem why the check failed, or {@code null}
 */
public record RunBase(String ref, String digest, String problem) {
}
