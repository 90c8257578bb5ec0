package io.patchrun.rollout;

import java.util.List;
import java.util.Objects;

import io.patchrun.image.ImageRef;

/**
 * One image of a fleet rollout: every running container of any tag of {@code image}'s name moves to
 * {@code newImage}.
 *
 * @param image    the image name whose containers roll over
 * @param newImage the reference or id of the image they move to
 * @param policy   how
 * @param engines  the names of the engines whose containers of it roll over; empty for every engine of the rollout
 */
public record RolloutTarget(ImageRef image, String newImage, RolloutPolicy policy, List<String> engines) {

    public RolloutTarget {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(newImage, "newImage");
        Objects.requireNonNull(policy, "policy");
        engines = engines == null ? List.of() : List.copyOf(engines);
        if (newImage.isBlank()) {
            throw new IllegalArgumentException("the new image for the containers of " + image.familiarName() + " cannot be blank");
        }
    }

    /** A target on every engine of the rollout. */
    public RolloutTarget(ImageRef image, String newImage, RolloutPolicy policy) {
        this(image, newImage, policy, List.of());
    }
}
