package io.patchrun.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyGraph;

/** A pipeline's images as read from Git, and the graph of what is built from what. */
public record Fleet(Pipeline pipeline, Map<String, CheckedOutImage> images, DependencyGraph graph) {

    public Fleet {
        images = Map.copyOf(images);
    }

    public CheckedOutImage image(String name) {
        CheckedOutImage image = images.get(name);
        if (image == null) {
            throw new IllegalArgumentException("pipeline " + pipeline.name() + " has no image '" + name + "'; it has " + List.copyOf(images.keySet()));
        }
        return image;
    }

    /** The image of this fleet that {@code ref} names, under its own name or the one it is pushed under. */
    public Optional<CheckedOutImage> imageNamed(ImageRef ref) {
        return images.values().stream()
                .filter(image -> image.spec().ref().sameName(ref) || image.pushedName() != null && image.pushedName().sameName(ref))
                .findFirst();
    }
}
