package io.patchrun.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;

import io.patchrun.history.Run;
import io.patchrun.rollout.Pause;

/** Waits for a run to end by reading it from the history every so often, on the given clock. */
final class RunWaiter {

    static final Duration EVERY = Duration.ofMillis(100);

    private final LongFunction<Optional<Run>> runs;
    private final Clock clock;
    private final Pause pause;

    RunWaiter(LongFunction<Optional<Run>> runs, Clock clock, Pause pause) {
        this.runs = runs;
        this.clock = clock;
        this.pause = pause;
    }

    /** The run as recorded once it has ended, or as it stands when {@code timeout} has passed. */
    Run await(long id, Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Run run = runs.apply(id).orElseThrow(() -> new IllegalArgumentException("no run " + id));
            Instant now = clock.instant();
            if (!run.status().active() || !now.isBefore(deadline)) {
                return run;
            }
            Duration left = Duration.between(now, deadline);
            pause.pause(left.compareTo(EVERY) < 0 ? left : EVERY);
        }
    }
}
