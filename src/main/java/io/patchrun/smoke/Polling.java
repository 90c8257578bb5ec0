package io.patchrun.smoke;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Waits for a check to come true, in the manner of Testcontainers' wait strategies, and gives up at once
 * when the container has exited: there is nothing left to wait for then.
 */
final class Polling {

    private static final int LOG_LINES = 5;

    enum Kind {
        PASS, RETRY, FAIL
    }

    /** What one attempt saw; a RETRY's detail becomes the failure when time runs out. */
    record Verdict(Kind kind, String detail) {

        static Verdict pass(String detail) {
            return new Verdict(Kind.PASS, detail);
        }

        static Verdict retry(String detail) {
            return new Verdict(Kind.RETRY, detail);
        }

        static Verdict fail(String detail) {
            return new Verdict(Kind.FAIL, detail);
        }
    }

    @FunctionalInterface
    interface Attempt {
        Verdict attempt() throws InterruptedException;
    }

    private final Clock clock;
    private final Duration every;

    Polling(Clock clock, Duration every) {
        this.clock = clock;
        this.every = every;
    }

    /** Attempts until one passes or fails outright, or {@code timeout} has passed. */
    CheckResult until(String check, SmokeContainer container, Duration timeout, Attempt attempt) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        while (true) {
            String exited = exitOf(container);
            if (exited != null) {
                return result(check, false, exited, start);
            }
            Verdict verdict = attemptOrExplain(attempt, container);
            if (verdict.kind() != Kind.RETRY) {
                return result(check, verdict.kind() == Kind.PASS, verdict.detail(), start);
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return result(check, false, verdict.detail() + " (after " + Durations.describe(timeout) + ")", start);
            }
            pause(now, deadline);
        }
    }

    /**
     * An engine call can fail because the container died just after the exit check (it has no port any
     * more); its exit is then the better explanation.
     */
    private Verdict attemptOrExplain(Attempt attempt, SmokeContainer container) throws InterruptedException {
        try {
            return attempt.attempt();
        } catch (SmokeEngineException e) {
            String exited = exitOf(container);
            if (exited == null) {
                throw e;
            }
            return Verdict.fail(exited);
        }
    }

    /** Passes when the container is still running after {@code period}. */
    CheckResult hold(String check, SmokeContainer container, Duration period) throws InterruptedException {
        Instant start = clock.instant();
        Instant end = start.plus(period);
        while (true) {
            String exited = exitOf(container);
            if (exited != null) {
                return result(check, false, exited, start);
            }
            Instant now = clock.instant();
            if (!now.isBefore(end)) {
                return result(check, true, "the container is still running", start);
            }
            pause(now, end);
        }
    }

    /** Why the container is no longer running, with its last words, or {@code null} while it runs. */
    String exitOf(SmokeContainer container) {
        ContainerState state = container.state();
        if (state.running()) {
            return null;
        }
        List<String> tail = container.logTail(LOG_LINES);
        return "the container exited with code " + state.exitCode()
                + (tail.isEmpty() ? " and logged nothing" : "; its last log lines: " + String.join(" | ", tail));
    }

    Instant now() {
        return clock.instant();
    }

    CheckResult result(String check, boolean passed, String detail, Instant start) {
        Duration took = Duration.between(start, clock.instant());
        return new CheckResult(check, passed, detail, took.isNegative() ? Duration.ZERO : took);
    }

    private void pause(Instant now, Instant until) throws InterruptedException {
        Duration left = Duration.between(now, until);
        Thread.sleep(Math.max(1, Math.min(every.toMillis(), left.toMillis())));
    }
}
