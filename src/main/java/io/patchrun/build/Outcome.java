package io.patchrun.build;

import java.util.Objects;

/**
 * How one image's turn in a run ended.
 *
 * @param status  what happened
 * @param message why, for FAILED and SKIPPED; may be empty otherwise
 */
public record Outcome(Status status, String message) {

    /** The image statuses a build can end in; the names match the run API's image status. */
    public enum Status {
        BUILT, UNCHANGED, FAILED, SKIPPED
    }

    public Outcome {
        Objects.requireNonNull(status, "an outcome needs a status");
        Objects.requireNonNull(message, "an outcome needs a message, even an empty one");
        if (!succeededWith(status) && message.isBlank()) {
            throw new IllegalArgumentException("a " + status + " outcome must say why");
        }
    }

    public static Outcome built() {
        return new Outcome(Status.BUILT, "");
    }

    public static Outcome unchanged() {
        return new Outcome(Status.UNCHANGED, "");
    }

    public static Outcome failed(String why) {
        return new Outcome(Status.FAILED, why);
    }

    public static Outcome skipped(String why) {
        return new Outcome(Status.SKIPPED, why);
    }

    /** Whether images built on this one may go ahead. */
    public boolean succeeded() {
        return succeededWith(status);
    }

    private static boolean succeededWith(Status status) {
        return status == Status.BUILT || status == Status.UNCHANGED;
    }
}
