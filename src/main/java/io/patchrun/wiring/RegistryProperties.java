package io.patchrun.wiring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.patchrun.watch.RegistryLogins;

/**
 * How registries are reached and logged in to, for digest checks, builds, pushes and pulls.
 *
 * @param connectTimeout       how long to wait for a registry to accept a connection
 * @param requestTimeout       how long to wait for its answer
 * @param parallel             how many references are checked at once
 * @param credentials          logins per registry host ({@code ghcr.io}, {@code docker.io}); they win over the
 *                             Docker config file's
 * @param dockerConfig         the Docker CLI's config file whose {@code auths}, {@code credsStore} and
 *                             {@code credHelpers} are used ({@code $DOCKER_CONFIG/config.json}, else
 *                             {@code ~/.docker/config.json})
 * @param credentialHelperPath the folders {@code docker-credential-<name>} programs are looked for in, written as
 *                             {@code PATH} is ({@code $PATH} of the process)
 */
@ConfigurationProperties("patchrun.registry")
record RegistryProperties(Duration connectTimeout, Duration requestTimeout, Integer parallel, List<Login> credentials,
                          Path dockerConfig, String credentialHelperPath) {

    RegistryProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        parallel = parallel == null ? 8 : parallel;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        dockerConfig = dockerConfig == null ? RegistryLogins.defaultDockerConfig() : dockerConfig;
        credentialHelperPath = credentialHelperPath == null ? System.getenv("PATH") : credentialHelperPath;
    }

    record Login(String registry, String username, String password) {
        @Override
        public String toString() {
            return "Login[registry=" + registry + ", username=" + username + ", password=****]";
        }
    }
}
