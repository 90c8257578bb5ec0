package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.patchrun.testsupport.BenchmarkFigures;

/** How long building the graph and planning take for synthetic fleets. Prints figures; asserts nothing about time. */
@Tag("benchmark")
class DependencyGraphBenchmark {

    private static final int WARMUP = 30;
    private static final int RUNS = 50;

    @Test
    void planningLargeFleets() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("operation, fleet size, median ms, p90 ms (" + RUNS + " runs after " + WARMUP + " warm-up)");
        for (int size : new int[] {2_000, 20_000}) {
            List<FleetImage> fleet = SyntheticFleet.of(size, 42);
            DependencyGraph graph = DependencyGraph.of(fleet);
            Set<ImageRef> changed = Set.of(SyntheticFleet.upstream(3));
            Set<String> chosen = Set.of(SyntheticFleet.name(size / 2));
            Plan all = graph.planAll();
            lines.add(String.format(Locale.ROOT, "fleet of %d: %d edges, %d levels; one changed base selects %d images, "
                    + "image %s selects %d", size, all.edges().size(), all.levels().size(),
                    graph.planForChangedBases(changed).images().size(), chosen.iterator().next(),
                    graph.planForImages(chosen).images().size()));
            lines.add(measure("of", size, () -> DependencyGraph.of(fleet)));
            lines.add(measure("planAll", size, graph::planAll));
            lines.add(measure("planForChangedBases", size, () -> graph.planForChangedBases(changed)));
            lines.add(measure("planForImages", size, () -> graph.planForImages(chosen)));
            lines.add(measure("view", size, all::view));
        }
        BenchmarkFigures.printAndWrite("dependency-graph", lines);
    }

    private static String measure(String operation, int size, Supplier<?> work) {
        for (int i = 0; i < WARMUP; i++) {
            work.get();
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "%s, %d, %.2f, %.2f", operation, size, millis[RUNS / 2], millis[RUNS * 9 / 10]);
    }
}
