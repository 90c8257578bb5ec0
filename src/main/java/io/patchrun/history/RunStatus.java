package io.patchrun.history;

/** Where a patch run (or a rollback, which is a run too) stands. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    /** Some images failed; the rest rolled out. */
    PARTIAL,
    FAILED,
    ROLLED_BACK;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** Whether a patch run that ended so may be resumed: it left images undone that it meant to do. */
    public boolean resumable() {
        return this == FAILED || this == PARTIAL;
    }
}
