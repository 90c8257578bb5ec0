package io.patchrun.run;

/** A run that cannot start, and why, in the user's terms. */
public class RunRefused extends RuntimeException {

    /** Why: the API maps these to 404, 404, 409 and 400. */
    public enum Reason {
        UNKNOWN_PIPELINE,
        UNKNOWN_RUN,
        RUN_ACTIVE,
        BAD_REQUEST
    }

    private final Reason reason;

    public RunRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
