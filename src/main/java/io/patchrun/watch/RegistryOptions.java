package io.patchrun.watch;

import java.time.Duration;

/**
 * How a {@link RegistryClient} talks to registries; who it logs in as is {@link RegistryLogins}' part.
 *
 * @param connectTimeout how long to wait for a connection to a registry or token service
 * @param requestTimeout how long to wait for the answer to one request
 */
public record RegistryOptions(Duration connectTimeout, Duration requestTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RegistryOptions {
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(requestTimeout, "request timeout");
    }

    /** Ten-second timeouts. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    private static void requirePositive(Duration timeout, String what) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("registry " + what + " must be a positive duration, not " + timeout);
        }
    }
}
