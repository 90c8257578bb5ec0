package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fleet as an indexed graph. Images are numbered in name order, and every adjacency list is sorted,
 * so any walk that visits ids in ascending order is alphabetical and therefore deterministic.
 */
final class Graph {

    private final List<FleetImage> images;
    private final Map<String, Integer> idsByName;
    private final int[][] parents;
    private final int[][] children;
    private final List<List<ImageRef>> upstream;

    private Graph(List<FleetImage> images, Map<String, Integer> idsByName, int[][] parents, List<List<ImageRef>> upstream) {
        this.images = images;
        this.idsByName = idsByName;
        this.parents = parents;
        this.children = invert(parents);
        this.upstream = upstream;
    }

    /**
     * Links every base that names a fleet image to that image; all other bases stay upstream.
     *
     * @throws IllegalArgumentException when two images share a name or a published reference, since a
     *                                  base FROM that reference could not be attributed to one of them
     */
    static Graph of(List<FleetImage> fleet) {
        List<FleetImage> images = fleet.stream().sorted(Comparator.comparing(FleetImage::name)).toList();
        Map<String, Integer> idsByName = new HashMap<>();
        Map<String, Integer> owners = new HashMap<>();
        for (int id = 0; id < images.size(); id++) {
            FleetImage image = images.get(id);
            if (idsByName.putIfAbsent(image.name(), id) != null) {
                throw new IllegalArgumentException("cannot plan the fleet: it lists image " + image.name() + " twice");
            }
            registerReferences(images, owners, id);
        }
        int[][] parents = new int[images.size()][];
        List<List<ImageRef>> upstream = new ArrayList<>(images.size());
        for (int id = 0; id < images.size(); id++) {
            TreeSet<Integer> fleetParents = new TreeSet<>();
            List<ImageRef> external = new ArrayList<>();
            for (ImageRef base : images.get(id).bases()) {
                Integer owner = owners.get(base.name());
                if (owner != null) {
                    fleetParents.add(owner);
                } else {
                    external.add(base);
                }
            }
            parents[id] = fleetParents.stream().mapToInt(Integer::intValue).toArray();
            upstream.add(List.copyOf(external));
        }
        return new Graph(images, idsByName, parents, upstream);
    }

    private static void registerReferences(List<FleetImage> images, Map<String, Integer> owners, int id) {
        FleetImage image = images.get(id);
        for (ImageRef reference : image.knownAs()) {
            Integer other = owners.putIfAbsent(reference.name(), id);
            if (other != null && other != id) {
                throw new IllegalArgumentException("cannot plan the fleet: images " + images.get(other).name() + " and "
                        + image.name() + " are both published as " + reference.familiarName()
                        + ", so a Dockerfile FROM it could mean either");
            }
        }
    }

    private static int[][] invert(int[][] parents) {
        int[] counts = new int[parents.length];
        for (int[] ofChild : parents) {
            for (int parent : ofChild) {
                counts[parent]++;
            }
        }
        int[][] children = new int[parents.length][];
        for (int id = 0; id < parents.length; id++) {
            children[id] = new int[counts[id]];
            counts[id] = 0;
        }
        // Children are appended in ascending id order, so every list comes out sorted.
        for (int child = 0; child < parents.length; child++) {
            for (int parent : parents[child]) {
                children[parent][counts[parent]++] = child;
            }
        }
        return children;
    }

    int size() {
        return images.size();
    }

    FleetImage image(int id) {
        return images.get(id);
    }

    String name(int id) {
        return images.get(id).name();
    }

    /** The id of the named image, or -1 when the fleet has no such image. */
    int id(String name) {
        return idsByName.getOrDefault(name, -1);
    }

    /** Fleet images this one is built FROM, ascending. */
    int[] parents(int id) {
        return parents[id];
    }

    /** Fleet images built FROM this one, ascending. */
    int[] children(int id) {
        return children[id];
    }

    /** Bases of this image that no fleet image provides, in Dockerfile order. */
    List<ImageRef> upstream(int id) {
        return upstream.get(id);
    }

    List<String> names() {
        return images.stream().map(FleetImage::name).toList();
    }
}
