package io.patchrun.rollout;

import java.util.Objects;

import io.patchrun.image.ImageRef;

/**
 * One image of a fleet rollout: every running container of any tag of {@code image}'s name moves to
 * {@code newImage}.
 *
 * @param image    the image name whose containers roll over
 * @param newImage the reference or id of the image they move to
 * @param policy   how
 */
public record RolloutTarget(ImageRef image, String newImage, RolloutPolicy policy) {

    public RolloutTarget {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(newImage, "newImage");
        Objects.requireNonNull(policy, "policy");
        if (newImage.isBlank()) {
            throw new IllegalArgumentException("the new image for the containers of " + image.familiarName() + " cannot be blank");
        }
    }
}
