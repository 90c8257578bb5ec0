package io.patchrun.dockerfile;

import io.patchrun.image.ImageRef;

/**
 * A build stage: one {@code FROM} line and what follows it.
 *
 * @param index     0-based position in the file, as {@code COPY --from=<index>} counts
 * @param alias     the {@code AS} name in lower case, as Docker keeps it, or {@code null}
 * @param platform  the {@code --platform} value with global ARGs expanded, or {@code null}; automatic
 *                  platform ARGs ({@code $BUILDPLATFORM}, ...) stay as written unless given as build args
 * @param image     the base image, or {@code null} for {@code scratch} or an earlier stage
 * @param fromStage the index of the earlier stage this one builds on, or {@code null}
 * @param line      the 1-based line of the {@code FROM}
 */
public record Stage(int index, String alias, String platform, ImageRef image, Integer fromStage, int line) {

    public Stage {
        if (index < 0) {
            throw new IllegalArgumentException("stage index must be 0 or more, was " + index);
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1 or more, was " + line);
        }
        if (image != null && fromStage != null) {
            throw new IllegalArgumentException("stage " + index + " cannot be built on both image " + image + " and stage " + fromStage);
        }
        if (fromStage != null && (fromStage < 0 || fromStage >= index)) {
            throw new IllegalArgumentException("stage " + index + " can only build on an earlier stage, not " + fromStage);
        }
    }

    /** Whether the stage starts from nothing ({@code FROM scratch}). */
    public boolean scratch() {
        return image == null && fromStage == null;
    }
}
