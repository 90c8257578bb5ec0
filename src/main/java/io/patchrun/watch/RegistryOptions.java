package io.patchrun.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RegistryClient} talks to registries.
 *
 * @param connectTimeout how long to wait for a connection to a registry or token service
 * @param requestTimeout how long to wait for the answer to one request
 * @param credentials    logins from configuration; they win over the Docker config file's
 * @param dockerConfig   the Docker CLI's {@code config.json}, whose {@code auths} are read when it exists
 */
public record RegistryOptions(Duration connectTimeout, Duration requestTimeout, List<RegistryCredentials> credentials,
                              Path dockerConfig) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RegistryOptions {
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(requestTimeout, "request timeout");
        credentials = List.copyOf(Objects.requireNonNull(credentials, "credentials"));
        Objects.requireNonNull(dockerConfig, "dockerConfig");
    }

    /** Ten-second timeouts, no configured logins, and the Docker CLI's own config file. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, List.of(), defaultDockerConfig());
    }

    /** Where the Docker CLI keeps its config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultDockerConfig() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return base.resolve("config.json");
    }

    private static void requirePositive(Duration timeout, String what) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("registry " + what + " must be a positive duration, not " + timeout);
        }
    }
}
