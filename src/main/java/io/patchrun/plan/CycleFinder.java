package io.patchrun.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Depth-first search for a cycle. Iterative rather than recursive so that a long chain of images cannot
 * overflow the stack.
 */
final class CycleFinder {

    private static final int UNSEEN = 0;
    private static final int ON_PATH = 1;
    private static final int DONE = 2;

    private CycleFinder() {
    }

    /** @throws DependencyCycleException naming the first cycle found, starting from its first name */
    static void requireAcyclic(Graph graph) {
        int n = graph.size();
        int[] state = new int[n];
        int[] nextChild = new int[n];
        int[] positionOnPath = new int[n];
        int[] path = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != UNSEEN) {
                continue;
            }
            int depth = 0;
            state[root] = ON_PATH;
            positionOnPath[root] = depth;
            path[depth++] = root;
            while (depth > 0) {
                int current = path[depth - 1];
                int[] children = graph.children(current);
                if (nextChild[current] == children.length) {
                    state[current] = DONE;
                    depth--;
                    continue;
                }
                int child = children[nextChild[current]++];
                if (state[child] == ON_PATH) {
                    throw new DependencyCycleException(cycle(graph, path, positionOnPath[child], depth));
                }
                if (state[child] == UNSEEN) {
                    state[child] = ON_PATH;
                    positionOnPath[child] = depth;
                    path[depth++] = child;
                }
            }
        }
    }

    /** The path from {@code from} to the top, rotated to start at its smallest name so reports are stable. */
    private static List<String> cycle(Graph graph, int[] path, int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (path[i] < path[start]) {
                start = i;
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= to - from; i++) {
            names.add(graph.name(path[from + (start - from + i) % (to - from)]));
        }
        return names;
    }
}
