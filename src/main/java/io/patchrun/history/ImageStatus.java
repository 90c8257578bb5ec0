package io.patchrun.history;

/** What a run did to one image. */
public enum ImageStatus {
    /** Planned, not reached yet. */
    PENDING,
    UNCHANGED,
    BUILT,
    /** An image it depends on failed, so it was not built. */
    SKIPPED,
    FAILED,
    DEPLOYED,
    ROLLED_BACK,
    /** Built and smoke-tested outside its pipeline's maintenance window: it rolls out when the window opens. */
    READY
}
