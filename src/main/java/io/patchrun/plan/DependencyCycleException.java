package io.patchrun.plan;

import java.util.List;

/**
 * The fleet cannot be rebuilt in any order because images are built FROM each other in a loop.
 * The cycle reads in build direction: in {@code demo/a -> demo/b -> demo/a}, demo/b is built FROM demo/a
 * and demo/a FROM demo/b.
 */
public class DependencyCycleException extends RuntimeException {

    private final List<String> cycle;

    public DependencyCycleException(List<String> cycle) {
        super("cannot order the fleet for rebuilding: its images are built FROM each other in a cycle "
                + String.join(" -> ", cycle) + " (each image is built FROM the one before it)");
        this.cycle = List.copyOf(cycle);
    }

    /** The image names around the cycle, the first repeated at the end. */
    public List<String> cycle() {
        return cycle;
    }
}
