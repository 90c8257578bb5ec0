package io.patchrun.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Kahn's algorithm, one level at a time, over a subset of an acyclic graph: an image lands in the level
 * after its last selected parent, and parents outside the subset are ignored because they are not rebuilt.
 */
final class Levels {

    private Levels() {
    }

    /** The selected ids in levels, each level ascending; assumes the graph has no cycle. */
    static List<int[]> of(Graph graph, BitSet selected) {
        int[] pendingParents = new int[graph.size()];
        selected.stream().forEach(id -> {
            for (int parent : graph.parents(id)) {
                if (selected.get(parent)) {
                    pendingParents[id]++;
                }
            }
        });
        List<int[]> levels = new ArrayList<>();
        int[] level = selected.stream().filter(id -> pendingParents[id] == 0).toArray();
        while (level.length > 0) {
            levels.add(level);
            level = next(graph, selected, pendingParents, level);
        }
        return levels;
    }

    private static int[] next(Graph graph, BitSet selected, int[] pendingParents, int[] level) {
        int[] ready = new int[8];
        int count = 0;
        for (int id : level) {
            for (int child : graph.children(id)) {
                if (selected.get(child) && --pendingParents[child] == 0) {
                    if (count == ready.length) {
                        ready = Arrays.copyOf(ready, count * 2);
                    }
                    ready[count++] = child;
                }
            }
        }
        int[] next = Arrays.copyOf(ready, count);
        Arrays.sort(next);
        return next;
    }
}
