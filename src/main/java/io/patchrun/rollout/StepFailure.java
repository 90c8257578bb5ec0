package io.patchrun.rollout;

/** A rollover step found the new container or the situation wanting; the message is meant for the user. */
final class StepFailure extends RuntimeException {

    StepFailure(String message) {
        super(message);
    }

    /** The user-facing reason of any failure of a step: its message, or what it was when it has none. */
    static String reason(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
