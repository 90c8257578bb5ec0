package io.patchrun.batch;

/** Starts runs in the background, at most one per pipeline at a time. */
public interface RunLauncher {

    /**
     * Records the run as queued and starts it on a thread of its own, unless a run of its pipeline is
     * going (or being queued) already.
     *
     * @param trigger     {@code api}, {@code ui}, {@code cli}, {@code schedule}, {@code base-change} or {@code rollback}
     * @param requestedBy the user who asked, or {@code null} for the scheduler
     */
    Launch launch(NewRun run, String trigger, String requestedBy);
}
