package io.patchrun.smoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.patchrun.container.ContainerOutput;
import io.patchrun.container.ContainerState;
import io.patchrun.time.Durations;
import io.patchrun.time.Polling;

/**
 * The time one smoke test's checks share: its timeout covers them all together, from the moment the
 * container has started, so each check waits only for what is left of it. A check also gives up at once
 * when the container has exited: there is nothing left to wait for then.
 */
final class CheckLoop {

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

    private final Polling polling;
    private final Duration every;
    private final Duration timeout;
    private final Instant deadline;

    /** Starts the smoke test's time now. */
    CheckLoop(Polling polling, Duration every, Duration timeout) {
        this.polling = polling;
        this.every = every;
        this.timeout = timeout;
        this.deadline = polling.now().plus(timeout);
    }

    /** Attempts until one passes or fails outright, or the smoke test's time has run out. */
    CheckResult until(String check, SmokeContainer container, Attempt attempt) throws InterruptedException {
        Instant start = polling.now();
        return polling.until(deadline, every, () -> {
            String exited = exitOf(container);
            if (exited != null) {
                return Polling.Step.done(result(check, false, exited, start));
            }
            Verdict verdict = attemptOrExplain(attempt, container);
            return verdict.kind() == Kind.RETRY ? Polling.Step.notYet(verdict.detail())
                    : Polling.Step.done(result(check, verdict.kind() == Kind.PASS, verdict.detail(), start));
        }, lastSeen -> result(check, false, lastSeen + " (" + ranOut() + ")", start));
    }

    /**
     * Passes when the container is still running after {@code period}, or when the smoke test's time runs
     * out before that: the timeout bounds the whole test, this check included.
     */
    CheckResult hold(String check, SmokeContainer container, Duration period) throws InterruptedException {
        Instant start = polling.now();
        Instant end = start.plus(period).isBefore(deadline) ? start.plus(period) : deadline;
        return polling.until(end, every, () -> {
            String exited = exitOf(container);
            return exited != null ? Polling.Step.done(result(check, false, exited, start)) : Polling.Step.notYet("running");
        }, running -> result(check, true, "the container is still running", start));
    }

    /** What is left of the smoke test's time, zero once it has run out. */
    Duration left() {
        Duration left = Duration.between(polling.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Says that the smoke test's time has run out, for a check's detail. */
    String ranOut() {
        return "the smoke test's timeout of " + Durations.describe(timeout) + " ran out";
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

    /** Why the container is no longer running, with its last words, or {@code null} while it runs. */
    String exitOf(SmokeContainer container) {
        ContainerState state = container.state();
        if (state.running()) {
            return null;
        }
        List<String> tail = container.logTail(LOG_LINES);
        String stopped = state.exitCode() == null ? "the container is " + state.status().name().toLowerCase(Locale.ROOT) + ", not running"
                : "the container exited with code " + state.exitCode();
        return stopped + (tail.isEmpty() ? " and logged nothing" : "; its last log lines: " + ContainerOutput.quote(tail));
    }

    Instant now() {
        return polling.now();
    }

    CheckResult result(String check, boolean passed, String detail, Instant start) {
        Duration took = Duration.between(start, polling.now());
        return new CheckResult(check, passed, detail, took.isNegative() ? Duration.ZERO : took);
    }
}
