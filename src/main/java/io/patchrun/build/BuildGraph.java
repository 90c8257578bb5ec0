package io.patchrun.build;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The images of one run and who is built on whom, checked to be a DAG of known images. */
final class BuildGraph {

    private final Map<String, SortedSet<String>> parents = new TreeMap<>();
    private final Map<String, SortedSet<String>> children = new TreeMap<>();

    private BuildGraph() {
    }

    /**
     * @param parents image -> the images of the same run it is built on
     * @throws IllegalArgumentException when a parent is not in the run or the images form a cycle
     */
    static BuildGraph of(Map<String, Set<String>> parents) {
        BuildGraph graph = new BuildGraph();
        parents.keySet().forEach(image -> graph.children.put(image, new TreeSet<>()));
        parents.forEach((image, ofImage) -> {
            for (String parent : ofImage) {
                if (!graph.children.containsKey(parent)) {
                    throw new IllegalArgumentException("cannot schedule " + image + ": it is built on " + parent
                            + ", which is not among the images to build");
                }
                graph.children.get(parent).add(image);
            }
            graph.parents.put(image, new TreeSet<>(ofImage));
        });
        graph.requireAcyclic();
        return graph;
    }

    Set<String> images() {
        return parents.keySet();
    }

    Set<String> parents(String image) {
        return parents.get(image);
    }

    Set<String> children(String image) {
        return children.get(image);
    }

    List<String> roots() {
        return parents.keySet().stream().filter(image -> parents.get(image).isEmpty()).toList();
    }

    /** Kahn's algorithm: whatever cannot be ordered is on a cycle or built on one. */
    private void requireAcyclic() {
        Map<String, Integer> waiting = new TreeMap<>();
        parents.forEach((image, ofImage) -> waiting.put(image, ofImage.size()));
        Deque<String> free = new ArrayDeque<>(roots());
        while (!free.isEmpty()) {
            for (String child : children.get(free.poll())) {
                if (waiting.merge(child, -1, Integer::sum) == 0) {
                    free.add(child);
                }
            }
        }
        List<String> stuck = waiting.entrySet().stream().filter(entry -> entry.getValue() > 0).map(Map.Entry::getKey).toList();
        if (!stuck.isEmpty()) {
            throw new IllegalArgumentException("cannot schedule builds: the images " + stuck
                    + " are on a cycle of images built on each other, or built on one");
        }
    }
}
