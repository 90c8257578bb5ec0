package io.patchrun.docker;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;

import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryEndpoints;
import io.patchrun.watch.RegistryLogins;

/**
 * Registry logins, from the lookup digest checks use too, in the form the engine takes them. Every
 * command gets its logins from here, even none, so that docker-java never falls back to reading a Docker
 * config file of its own.
 */
final class EngineLogins {

    /** What the engine says when a registry wants a login it did not get, or refused the one it got. */
    private static final String[] REFUSALS = {"unauthorized", "authentication required", "no basic auth credentials",
            "pull access denied", "requested access to the resource is denied"};

    private final RegistryLogins logins;

    EngineLogins(RegistryLogins logins) {
        this.logins = logins;
    }

    /** The logins found for some registries, keyed by registry. */
    record Found(Map<String, Optional<RegistryCredentials>> byRegistry) {
    }

    /**
     * Looks up the logins of the registries a command talks to.
     *
     * @throws io.patchrun.watch.RegistryLoginException when a login cannot be read
     */
    Found find(Collection<String> registries) {
        Map<String, Optional<RegistryCredentials>> found = new LinkedHashMap<>();
        registries.forEach(registry -> found.put(registry, logins.forRegistry(registry)));
        return new Found(found);
    }

    /**
     * The login of one registry, empty when none is known.
     *
     * @throws io.patchrun.watch.RegistryLoginException when it cannot be read
     */
    Optional<RegistryCredentials> find(String registry) {
        return logins.forRegistry(registry);
    }

    /** The login for a push to one registry, empty (anonymous) when none is known. */
    static AuthConfig authConfig(String registry, Optional<RegistryCredentials> login) {
        AuthConfig config = new AuthConfig().withRegistryAddress(RegistryEndpoints.loginServer(registry));
        login.ifPresent(credentials -> config.withUsername(credentials.username()).withPassword(credentials.password()));
        return config;
    }

    /** The logins a build sends the engine for pulling its bases, keyed the way the engine looks them up. */
    static AuthConfigurations authConfigs(Found found) {
        AuthConfigurations configs = new AuthConfigurations();
        found.byRegistry().forEach((registry, login) -> login.ifPresent(credentials -> configs.addConfig(authConfig(registry, login))));
        return configs;
    }

    /** Whether the engine's words say a registry wanted a login, or refused one. */
    static boolean refusal(String engineWords) {
        String words = engineWords == null ? "" : engineWords.toLowerCase(Locale.ROOT);
        for (String refusal : REFUSALS) {
            if (words.contains(refusal)) {
                return true;
            }
        }
        return false;
    }

    /** What to configure for a registry that refused the engine, naming the login offered or where one would go. */
    String whatToConfigure(String registry, Optional<RegistryCredentials> offered) {
        return "registry " + registry + (offered.isPresent() ? " refused the login of user '" + offered.get().username() + "'"
                : " wants a login and none is configured for it") + ": " + logins.whatToConfigure(registry, offered);
    }
}
