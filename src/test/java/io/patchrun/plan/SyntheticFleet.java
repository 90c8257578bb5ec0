package io.patchrun.plan;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A made-up fleet for scale tests: each image has one or two upstream bases out of a small pool and up
 * to three fleet parents among the images listed shortly before it, so the graph is acyclic, deep and
 * wide at once. A few images are unreadable. The same size and seed always give the same fleet.
 */
final class SyntheticFleet {

    private static final int UPSTREAM_POOL = 25;
    private static final int PARENT_WINDOW = 40;

    private SyntheticFleet() {
    }

    static List<FleetImage> of(int size, long seed) {
        Random random = new Random(seed);
        List<FleetImage> fleet = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String name = name(i);
            Set<ImageRef> knownAs = Set.of(ImageRef.parse(name), ImageRef.parse("127.0.0.1:5000/" + name));
            if (random.nextInt(100) == 0) {
                fleet.add(FleetImage.unreadable(name, knownAs, "cannot clone repository " + i));
            } else {
                fleet.add(FleetImage.readable(name, knownAs, bases(i, random)));
            }
        }
        return fleet;
    }

    static String name(int i) {
        return String.format("fleet/img-%05d", i);
    }

    /** The upstream references the fleet draws from, in the form {@link #of} uses them. */
    static ImageRef upstream(int i) {
        return ImageRef.parse("upstream/os-" + i + ":1." + i);
    }

    private static List<ImageRef> bases(int i, Random random) {
        Set<ImageRef> bases = new LinkedHashSet<>();
        bases.add(upstream(random.nextInt(UPSTREAM_POOL)));
        if (random.nextInt(4) == 0) {
            bases.add(upstream(random.nextInt(UPSTREAM_POOL)).withDigest(Digest.of("sha256:" + "c".repeat(64))));
        }
        int parents = i == 0 ? 0 : random.nextInt(4);
        for (int p = 0; p < parents; p++) {
            int parent = Math.max(0, i - 1 - random.nextInt(PARENT_WINDOW));
            bases.add(ImageRef.parse((random.nextBoolean() ? "127.0.0.1:5000/" : "") + name(parent) + ":latest"));
        }
        return List.copyOf(bases);
    }
}
