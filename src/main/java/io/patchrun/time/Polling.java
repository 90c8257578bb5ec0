package io.patchrun.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one loop that waits for something to come true: asks, pauses, asks again, until it has an answer or
 * the deadline has passed. The clock and the pause are injected, so production waits on the wall clock while
 * a test moves its own clock and runs the same loop at once.
 */
public final class Polling {

    private final Clock clock;
    private final Pause pause;

    public Polling(Clock clock, Pause pause) {
        this.clock = Objects.requireNonNull(clock, "polling needs a clock");
        this.pause = Objects.requireNonNull(pause, "polling needs a way to pause");
    }

    /** What one attempt saw: the answer, or why there is none yet. */
    public record Step<T>(T answer, String notYet) {

        public Step {
            if ((answer == null) == (notYet == null)) {
                throw new IllegalArgumentException("a polling step has either an answer or a reason why not yet");
            }
        }

        public static <T> Step<T> done(T answer) {
            return new Step<>(Objects.requireNonNull(answer, "a finished step needs its answer"), null);
        }

        public static <T> Step<T> notYet(String why) {
            return new Step<>(null, Objects.requireNonNull(why, "a step that is not done needs the reason"));
        }
    }

    @FunctionalInterface
    public interface Attempt<T> {

        /** Looks once; may throw to end the loop, as when what is awaited can no longer happen. */
        Step<T> attempt() throws InterruptedException;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Attempts until one has an answer, pausing {@code every} between attempts (less when the deadline is
     * nearer). The first attempt is made even when the deadline has passed already, so something that is
     * ready at once is always seen.
     *
     * @param timedOut turns the last attempt's reason into the answer, or throws, once an attempt at or
     *                 after the deadline still had none
     * @throws InterruptedException when the pause is interrupted
     */
    public <T> T until(Instant deadline, Duration every, Attempt<T> attempt, Function<String, T> timedOut) throws InterruptedException {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("polling needs a pause longer than zero between attempts, not " + every);
        }
        while (true) {
            Step<T> step = attempt.attempt();
            if (step.answer() != null) {
                return step.answer();
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return timedOut.apply(step.notYet());
            }
            Duration left = Duration.between(now, deadline);
            pause.pause(left.compareTo(every) < 0 ? left : every);
        }
    }
}
