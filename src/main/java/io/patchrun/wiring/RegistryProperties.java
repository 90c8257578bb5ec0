package io.patchrun.wiring;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How base digests are read from registries.
 *
 * @param connectTimeout how long to wait for a registry to accept a connection
 * @param requestTimeout how long to wait for its answer
 * @param parallel       how many references are checked at once
 * @param credentials    logins per registry host ({@code ghcr.io}, {@code docker.io}); the user's
 *                       {@code ~/.docker/config.json} logins are used too
 */
@ConfigurationProperties("patchrun.registry")
record RegistryProperties(Duration connectTimeout, Duration requestTimeout, Integer parallel, List<Login> credentials) {

    RegistryProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        parallel = parallel == null ? 8 : parallel;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }

    record Login(String registry, String username, String password) {
        @Override
        public String toString() {
            return "Login[registry=" + registry + ", username=" + username + ", password=****]";
        }
    }
}
