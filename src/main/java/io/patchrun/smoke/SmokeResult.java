package io.patchrun.smoke;

import java.time.Duration;
import java.util.List;

/**
 * How a smoke test went.
 *
 * @param passed  whether every check passed
 * @param checks  the checks run, in order; the last one failed when {@code passed} is false
 * @param message one line for people: {@code smoke test of demo/web failed: GET ... answered 500, expected 200 (the smoke test's timeout of 30 s ran out)}
 * @param took    from starting the container to removing it
 */
public record SmokeResult(boolean passed, List<CheckResult> checks, String message, Duration took) {

    public SmokeResult {
        checks = List.copyOf(checks);
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a smoke result needs a message");
        }
        if (took == null || took.isNegative()) {
            throw new IllegalArgumentException("a smoke test cannot take " + took);
        }
    }
}
