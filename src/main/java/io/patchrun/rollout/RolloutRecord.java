package io.patchrun.rollout;

import java.time.Instant;
import java.util.Objects;

import io.patchrun.container.ContainerSpec;

/**
 * What a rollover is about to replace, written before anything changes, so the old container can be put
 * back by hand from the record even if Patchrun dies half-way.
 *
 * @param containerId   the old container's id
 * @param containerName its name
 * @param image         the image reference it was created from
 * @param imageId       the id of the image it runs
 * @param newImage      the image reference it is being moved to
 * @param newImageId    that image's id
 * @param snapshot      its full create configuration as inspected, image defaults included
 * @param recordedAt    when this was written
 */
public record RolloutRecord(String containerId, String containerName, String image, String imageId, String newImage,
                            String newImageId, ContainerSpec snapshot, Instant recordedAt) {

    public RolloutRecord {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(newImage, "newImage");
        Objects.requireNonNull(newImageId, "newImageId");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
