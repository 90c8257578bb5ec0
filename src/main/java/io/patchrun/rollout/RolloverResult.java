package io.patchrun.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * How the rollover of one container ended.
 *
 * @param container  the container's name
 * @param status     see {@link Status}
 * @param oldImageId the id of the image it ran before, {@code null} when unknown
 * @param newImageId the id of the image it was to run, {@code null} when unknown
 * @param outage     how long nothing answered under its name: from stopping the old container until the new
 *                   one (or, after a rollback, the old one again) was started; zero when it was never stopped
 * @param message    what happened, in the user's terms
 * @param policyNote what the policy gate said about the container: why it refused it, or the exceptions of the
 *                   pipeline it was let through with; {@code null} when it breaks no rule
 * @param engine     the name of the engine the container is on; {@code null} until the rollout says. A result with an
 *                   empty {@code container} is about the engine as a whole: it could not be asked for the image's containers
 */
public record RolloverResult(String container, Status status, String oldImageId, String newImageId, Duration outage, String message,
                             String policyNote, String engine) {

    public enum Status {
        /** The new container runs under the name and passed the health gate. */
        DEPLOYED,
        /** The rollover was tried and failed; the old container runs again, or was never stopped. */
        ROLLED_BACK,
        /** The rollover could not be tried, or the old container could not be put back: see the message. */
        FAILED,
        /**
         * Not rolled over, on purpose: its labels, the pipeline's {@code containers: labelled}, or its pre-update hook said
         * so (the message says which). It runs as before, and its image's other containers are not held back by it.
         */
        SKIPPED,
        /** The policy gate refused to touch the container: it runs on as it was, and its image's rollout goes on without it. */
        REFUSED
    }

    public RolloverResult {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(outage, "outage");
        Objects.requireNonNull(message, "message");
        if (outage.isNegative()) {
            throw new IllegalArgumentException("outage of " + container + " cannot be negative: " + outage);
        }
    }

    /** A result whose engine the rollout gives later. */
    public RolloverResult(String container, Status status, String oldImageId, String newImageId, Duration outage, String message,
                          String policyNote) {
        this(container, status, oldImageId, newImageId, outage, message, policyNote, null);
    }

    /** A container the policy gate had nothing to say about. */
    public RolloverResult(String container, Status status, String oldImageId, String newImageId, Duration outage, String message) {
        this(container, status, oldImageId, newImageId, outage, message, null);
    }

    /** This result with {@code note} added to its message. */
    RolloverResult withNote(String note) {
        return new RolloverResult(container, status, oldImageId, newImageId, outage, message + "; " + note, policyNote, engine);
    }

    /** This result, of a container on engine {@code name}. */
    public RolloverResult onEngine(String name) {
        return new RolloverResult(container, status, oldImageId, newImageId, outage, message, policyNote, name);
    }

    /** Whether this is about an engine as a whole, not one container: the engine could not be asked for them. */
    public boolean engineWide() {
        return container.isEmpty();
    }

    /** Who the result is about, for messages: the container, on several engines with its engine; or the engine. */
    public String who(boolean severalEngines) {
        if (engineWide()) {
            return "engine " + engine;
        }
        return severalEngines && engine != null ? container + " on " + engine : container;
    }

    /** The rollover of an image's containers on engine {@code engine} could not even begin, for {@code message}. */
    static RolloverResult engineFailed(String engine, String message) {
        return new RolloverResult("", Status.FAILED, null, null, Duration.ZERO, message, null, engine);
    }

    static RolloverResult skipped(String container, String oldImageId, String reason) {
        return new RolloverResult(container, Status.SKIPPED, oldImageId, null, Duration.ZERO, reason);
    }

    static RolloverResult failed(String container, String oldImageId, String message) {
        return new RolloverResult(container, Status.FAILED, oldImageId, null, Duration.ZERO, message);
    }

    static RolloverResult refused(String container, String oldImageId, String refusal) {
        return new RolloverResult(container, Status.REFUSED, oldImageId, null, Duration.ZERO, refusal, refusal);
    }

    /** Whether the rollover was tried and did not end on the new image: a refused or skipped container was never tried. */
    public boolean failed() {
        return status == Status.ROLLED_BACK || status == Status.FAILED;
    }
}
