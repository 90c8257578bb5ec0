package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.List;
import java.util.Objects;

/**
 * One image of a plan.
 *
 * @param name      the image's name in the pipeline
 * @param bases     every base its Dockerfile is built FROM, upstream or fleet, in Dockerfile order
 * @param parents   the fleet images of this plan it is built FROM, sorted: its build may start as soon as
 *                  these are done, without waiting for the rest of their level
 * @param blockedBy unreadable images of this plan it is built FROM, directly or further up, sorted; it
 *                  cannot be rebuilt while any of them cannot be read
 * @param error     why its Dockerfile or repository could not be read, or {@code null} when it was read
 */
public record PlannedImage(String name, List<ImageRef> bases, List<String> parents, List<String> blockedBy, String error) {

    public PlannedImage {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a planned image needs a name, got '" + name + "'");
        }
        bases = List.copyOf(Objects.requireNonNull(bases, () -> "bases of planned image " + name));
        parents = List.copyOf(Objects.requireNonNull(parents, () -> "parents of planned image " + name));
        blockedBy = List.copyOf(Objects.requireNonNull(blockedBy, () -> "blockers of planned image " + name));
        if (error != null && error.isBlank()) {
            throw new IllegalArgumentException("planned image " + name + " is marked unreadable without saying why");
        }
    }

    /** Whether any of its bases is pinned to a digest, so a new digest behind that tag does not affect it. */
    public boolean pinned() {
        return bases.stream().anyMatch(ImageRef::pinned);
    }

    public boolean isReadable() {
        return error == null;
    }

    public boolean isBlocked() {
        return !blockedBy.isEmpty();
    }
}
