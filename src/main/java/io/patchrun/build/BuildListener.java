package io.patchrun.build;

/** Hears of each image as soon as its turn ends, while other builds go on. */
@FunctionalInterface
public interface BuildListener {

    /**
     * Called once per image, on the thread that called {@link BuildScheduler#run}, so it needs no locking;
     * it holds up the starting of further builds while it runs, so hand long work (a rollout) to another
     * executor. An exception thrown here ends the run.
     */
    void finished(String image, Outcome outcome);
}
