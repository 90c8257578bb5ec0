package io.patchrun.watch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The login to offer each registry: configured ones first, then those of {@code docker login}. */
final class CredentialStore {

    private final Map<String, RegistryCredentials> byRegistry = new HashMap<>();

    CredentialStore(List<RegistryCredentials> configured, List<RegistryCredentials> fromDockerConfig) {
        fromDockerConfig.forEach(login -> byRegistry.put(RegistryEndpoints.loginKey(login.registry()), login));
        configured.forEach(login -> byRegistry.put(RegistryEndpoints.loginKey(login.registry()), login));
    }

    Optional<RegistryCredentials> forRegistry(String registry) {
        return Optional.ofNullable(byRegistry.get(RegistryEndpoints.loginKey(registry)));
    }
}
