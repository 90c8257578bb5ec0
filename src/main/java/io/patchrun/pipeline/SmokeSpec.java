package io.patchrun.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The smoke test of a freshly built image, as the pipeline file gives it and the smoke test runs it: every
 * given check must pass within the timeout. A container that exits early always fails, and an image with
 * its own HEALTHCHECK must turn healthy.
 *
 * @param http    HTTP check, or {@code null} when none is given
 * @param command command run inside the container that must exit 0; empty when none is given
 * @param timeout how long the checks may take together, the whole smoke test, not each check; longer than zero
 */
public record SmokeSpec(HttpCheck http, List<String> command, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** No smoke test: the image counts as healthy once it is built. */
    public static final SmokeSpec NONE = new SmokeSpec(null, List.of(), DEFAULT_TIMEOUT);

    public SmokeSpec {
        command = List.copyOf(command);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("smoke timeout must be longer than zero, got " + timeout);
        }
    }

    /** Whether there is anything to check. */
    public boolean isEmpty() {
        return http == null && command.isEmpty();
    }
}
