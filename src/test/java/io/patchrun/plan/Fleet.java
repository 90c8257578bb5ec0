package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Short ways to write fleet images in tests. */
final class Fleet {

    private Fleet() {
    }

    /** A readable image known by its own name, built FROM the given references. */
    static FleetImage image(String name, String... bases) {
        return FleetImage.readable(name, Set.of(ImageRef.parse(name)),
                Arrays.stream(bases).map(ImageRef::parse).toList());
    }

    /** A readable image also published under {@code pushedAs}. */
    static FleetImage pushed(String name, String pushedAs, String... bases) {
        return FleetImage.readable(name, Set.of(ImageRef.parse(name), ImageRef.parse(pushedAs)),
                Arrays.stream(bases).map(ImageRef::parse).toList());
    }

    static FleetImage unreadable(String name, String error) {
        return FleetImage.unreadable(name, Set.of(ImageRef.parse(name)), error);
    }

    static Set<ImageRef> refs(String... references) {
        return Arrays.stream(references).map(ImageRef::parse).collect(Collectors.toSet());
    }
}
