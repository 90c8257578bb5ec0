package io.patchrun.rollout;

import java.util.Objects;

/**
 * A rollover the journal holds as begun and never ended: what recovery needs to put its container to rest.
 *
 * @param containerId     the old container's id
 * @param containerName   its name, which one of the two containers must end up with
 * @param attempt         the attempt's part of the temporary names; {@code null} for a rollover journaled before
 *                        attempts had their own, whose temporary names carried the old container's short id
 * @param imageId         the id of the old image
 * @param newImageId      the id of the new image
 * @param step            the last step written down; {@code null} when the journal kept no steps, which is taken as
 *                        anywhere before the decision to keep the new container
 * @param newContainerId  the new container's id once it was created and written down, else {@code null}
 */
public record UnfinishedRollover(String containerId, String containerName, String attempt, String imageId, String newImageId,
                                 RolloverStep step, String newContainerId) {

    public UnfinishedRollover {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(newImageId, "newImageId");
    }

    String attemptOrShortId() {
        return attempt != null ? attempt : containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }

    String newName() {
        return RolloutRecord.newName(containerName, attemptOrShortId());
    }

    String asideName() {
        return RolloutRecord.asideName(containerName, attemptOrShortId());
    }

    /** Whether every container of the image had passed and the old ones were being removed. */
    boolean kept() {
        return step == RolloverStep.REMOVE_OLD;
    }
}
