package io.patchrun.rollout;

import java.time.Instant;
import java.util.Objects;

import io.patchrun.container.ContainerSpec;

/**
 * What a rollover is about to replace, written before anything changes, so that the old container can be put
 * back, by the next start or by hand, even if Patchrun dies half-way.
 *
 * @param containerId   the old container's id
 * @param containerName its name
 * @param image         the image reference it was created from
 * @param imageId       the id of the image it runs
 * @param newImage      the image reference it is being moved to
 * @param newImageId    that image's id
 * @param snapshot      its full create configuration as inspected, image defaults included
 * @param recordedAt    when this was written
 * @param attempt       unique to this attempt, part of the temporary names: a container left by one attempt never
 *                      blocks the next
 */
public record RolloutRecord(String containerId, String containerName, String image, String imageId, String newImage,
                            String newImageId, ContainerSpec snapshot, Instant recordedAt, String attempt) {

    public RolloutRecord {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(newImage, "newImage");
        Objects.requireNonNull(newImageId, "newImageId");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(attempt, "attempt");
        if (!attempt.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException("the attempt of a rollover of " + containerName + " must be usable in a container name, not '"
                    + attempt + "'");
        }
    }

    /** The name the new container is created under, until it takes the old one's. */
    public String newName() {
        return newName(containerName, attempt);
    }

    /** The name the old container is moved aside to (or its stopped copy is created under) while the new one has its name. */
    public String asideName() {
        return asideName(containerName, attempt);
    }

    static String newName(String containerName, String attempt) {
        return containerName + "-patchrun-new-" + attempt;
    }

    static String asideName(String containerName, String attempt) {
        return containerName + "-patchrun-old-" + attempt;
    }
}
