package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One image of a pipeline's fleet as the planner sees it: what it is called, the references other
 * Dockerfiles may use for it, and the bases its own Dockerfile is built FROM.
 *
 * @param name    the image's name as written in the pipeline, e.g. {@code demo/web}
 * @param knownAs every reference the image is published under (its local name, and the pushed name when
 *                the pipeline pushes); a base matching one of them by {@link ImageRef#name()} is this image
 * @param bases   the external bases of its Dockerfile, each once, in the order the Dockerfile uses them;
 *                empty when the Dockerfile could not be read
 * @param error   why the Dockerfile or its repository could not be read, or {@code null} when it was read
 */
public record FleetImage(String name, Set<ImageRef> knownAs, List<ImageRef> bases, String error) {

    public FleetImage {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a fleet image needs a name, got '" + name + "'");
        }
        Objects.requireNonNull(knownAs, () -> "references of fleet image " + name);
        Objects.requireNonNull(bases, () -> "bases of fleet image " + name);
        if (knownAs.isEmpty()) {
            throw new IllegalArgumentException("fleet image " + name + " must be known as at least one reference");
        }
        if (error != null && error.isBlank()) {
            throw new IllegalArgumentException("fleet image " + name + " is marked unreadable without saying why");
        }
        if (error != null && !bases.isEmpty()) {
            throw new IllegalArgumentException("fleet image " + name + " cannot list bases: its Dockerfile could not be read ("
                    + error + ")");
        }
        knownAs = Set.copyOf(knownAs);
        // A multi-stage Dockerfile may start several stages FROM the same base; it is still one dependency.
        bases = List.copyOf(new LinkedHashSet<>(bases));
    }

    /** An image whose Dockerfile was read, with the external bases found in it. */
    public static FleetImage readable(String name, Set<ImageRef> knownAs, List<ImageRef> bases) {
        return new FleetImage(name, knownAs, bases, null);
    }

    /** An image whose Dockerfile or repository could not be read, so its bases are unknown. */
    public static FleetImage unreadable(String name, Set<ImageRef> knownAs, String error) {
        return new FleetImage(name, knownAs, List.of(), error);
    }

    public boolean isReadable() {
        return error == null;
    }
}
