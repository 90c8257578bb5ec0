package io.patchrun.dockerfile;

import io.patchrun.image.ImageRef;
import java.util.Objects;

/**
 * One use of an external image: the image a stage is built {@code FROM}, or one a stage copies or
 * mounts files from. A change of its digest means the Dockerfile's image should be rebuilt.
 *
 * @param ref  the image, normalised
 * @param kind how the Dockerfile uses it
 * @param line the 1-based line of the instruction that first uses it
 */
public record BaseUse(ImageRef ref, Kind kind, int line) {

    /** The instruction through which an image is used. */
    public enum Kind {
        /** {@code FROM image}. */
        FROM,
        /** {@code COPY --from=image}. */
        COPY_FROM,
        /** {@code RUN --mount=...,from=image}. */
        RUN_MOUNT
    }

    public BaseUse {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(kind, "kind");
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1 or more, was " + line);
        }
    }
}
