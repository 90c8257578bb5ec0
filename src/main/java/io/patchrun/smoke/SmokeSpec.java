package io.patchrun.smoke;

import java.time.Duration;
import java.util.List;

/**
 * The checks a built image must pass; every one given must pass. A container that exits early always fails,
 * and an image with its own HEALTHCHECK must turn healthy.
 *
 * @param http    an HTTP request that must get the expected status, or {@code null}
 * @param command a command run in the container that must exit 0, or empty
 * @param timeout how long each check may wait; {@code null} means {@link #DEFAULT_TIMEOUT}
 */
public record SmokeSpec(HttpCheck http, List<String> command, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SmokeSpec {
        command = List.copyOf(command == null ? List.of() : command);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a smoke test timeout must be positive, not " + timeout);
        }
    }
}
