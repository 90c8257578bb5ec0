package io.patchrun.run;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongFunction;

import io.patchrun.history.Run;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/** Waits for a run to end by reading it from the history every so often, on the given clock. */
final class RunWaiter {

    static final Duration EVERY = Duration.ofMillis(100);

    private final LongFunction<Optional<Run>> runs;
    private final Polling polling;

    RunWaiter(LongFunction<Optional<Run>> runs, Clock clock, Pause pause) {
        this.runs = runs;
        this.polling = new Polling(clock, pause);
    }

    /** The run as recorded once it has ended, or as it stands when {@code timeout} has passed. */
    Run await(long id, Duration timeout) throws InterruptedException {
        return polling.until(polling.now().plus(timeout), EVERY, () -> {
            Run run = find(id);
            return run.status().active() ? Polling.Step.notYet("run " + id + " is " + run.status()) : Polling.Step.done(run);
        }, stillGoing -> find(id));
    }

    private Run find(long id) {
        return runs.apply(id).orElseThrow(() -> new IllegalArgumentException("no run " + id));
    }
}
