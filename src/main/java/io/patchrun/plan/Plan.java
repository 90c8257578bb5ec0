package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which images to rebuild, and in what order. Every image's fleet parents within the plan are in earlier
 * levels, so a level can be built once the levels before it are done; names inside a level are sorted.
 *
 * @param levels the image names level by level
 * @param images the planned images by name, in level order
 * @param bases  the upstream bases the planned images are built FROM, sorted by familiar form
 * @param edges  what each planned image is built FROM among those bases and the other planned images, sorted
 */
public record Plan(List<List<String>> levels, Map<String, PlannedImage> images, List<ImageRef> bases, List<Edge> edges) {

    public Plan {
        levels = levels.stream().map(List::copyOf).toList();
        images = inLevelOrder(levels, images);
        bases = List.copyOf(bases);
        edges = List.copyOf(edges);
    }

    private static Map<String, PlannedImage> inLevelOrder(List<List<String>> levels, Map<String, PlannedImage> images) {
        Map<String, PlannedImage> ordered = new LinkedHashMap<>();
        Map<String, Integer> levelOf = new HashMap<>();
        for (int level = 0; level < levels.size(); level++) {
            for (String name : levels.get(level)) {
                PlannedImage image = images.get(name);
                if (image == null || !image.name().equals(name) || ordered.put(name, image) != null) {
                    throw new IllegalArgumentException("plan levels list " + name
                            + " without exactly one planned image of that name");
                }
                levelOf.put(name, level);
            }
        }
        if (ordered.size() != images.size()) {
            Set<String> missing = new TreeSet<>(images.keySet());
            missing.removeAll(ordered.keySet());
            throw new IllegalArgumentException("plan has images in no level: " + missing);
        }
        ordered.values().forEach(image -> requireParentsEarlier(levelOf, image));
        return Collections.unmodifiableMap(ordered);
    }

    private static void requireParentsEarlier(Map<String, Integer> levelOf, PlannedImage image) {
        int level = levelOf.get(image.name());
        for (String parent : image.parents()) {
            Integer parentLevel = levelOf.get(parent);
            if (parentLevel == null) {
                throw new IllegalArgumentException("plan makes " + image.name() + " wait for " + parent
                        + ", which it does not build");
            }
            if (parentLevel >= level) {
                throw new IllegalArgumentException("plan would build " + image.name() + " no later than its parent " + parent);
            }
        }
    }

    public boolean isEmpty() {
        return images.isEmpty();
    }

    public boolean contains(String name) {
        return images.containsKey(name);
    }

    /** @throws IllegalArgumentException when the image is not part of this plan */
    public PlannedImage image(String name) {
        PlannedImage image = images.get(Objects.requireNonNull(name, "image name"));
        if (image == null) {
            throw new IllegalArgumentException("image " + name + " is not part of this plan (it has "
                    + images.keySet() + ")");
        }
        return image;
    }

    /** The images of this plan that {@code name} is built FROM: what its build has to wait for. */
    public List<String> parents(String name) {
        return image(name).parents();
    }

    /** The plan as plain lists and strings, shaped like the plan JSON of the HTTP API and CLI. */
    public PlanView view() {
        return PlanView.of(this);
    }
}
