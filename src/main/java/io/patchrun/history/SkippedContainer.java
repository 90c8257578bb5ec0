package io.patchrun.history;

import java.util.Objects;

/**
 * A running container of an image that a run left alone on purpose.
 *
 * @param container its name
 * @param reason    why, in the user's terms: its label, the pipeline's {@code containers: labelled}, its pre-update hook
 */
public record SkippedContainer(String container, String reason) {

    public SkippedContainer {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(reason, "reason");
    }
}
