package io.patchrun.notify;

/**
 * Told once about every run, after its end is recorded: notifications and metrics hang off this. It is
 * called on the run's thread, so an implementation returns quickly and never throws for a run's sake.
 */
@FunctionalInterface
public interface RunEndListener {

    void runEnded(EndedRun run);
}
