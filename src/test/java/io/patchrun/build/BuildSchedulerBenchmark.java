package io.patchrun.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.patchrun.testsupport.BenchmarkFigures;

/**
 * What eager starts buy over level-by-level builds, and what the scheduler itself costs per image.
 * Prints figures; asserts nothing about time.
 */
@Tag("benchmark")
class BuildSchedulerBenchmark {

    @Test
    void eagerStartsVersusLevelBarriers_andOverheadPerImage() throws Exception {
        List<String> figures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<String, Set<String>> fleet = new LinkedHashMap<>();
            fleet.put("base", Set.of());
            fleet.put("tools", Set.of());
            fleet.put("platform", Set.of("base"));
            fleet.put("web", Set.of("platform"));
            fleet.put("api", Set.of("platform"));
            Map<String, Long> sleeps = Map.of("base", 100L, "tools", 300L, "platform", 100L, "web", 100L, "api", 100L);
            BuildScheduler scheduler = new BuildScheduler(pool, 2);

            long eager = time(() -> scheduler.run(fleet, image -> sleep(sleeps.get(image))));
            long barriers = 0;
            for (List<String> level : List.of(List.of("base", "tools"), List.of("platform"), List.of("web", "api"))) {
                Map<String, Set<String>> alone = new HashMap<>();
                level.forEach(image -> alone.put(image, Set.of()));
                barriers += time(() -> scheduler.run(alone, image -> sleep(sleeps.get(image))));
            }
            figures.add("demo-shaped fleet (tools 300 ms, four 100 ms builds in a chain and fan-out), bound 2:");
            figures.add("  eager starts: " + eager + " ms; level by level: " + barriers + " ms");

            Map<String, Set<String>> wide = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                // Parents always have lower numbers, so this is a deep DAG with fan-in of up to two.
                wide.put("image-" + i, i < 20 ? Set.of() : new HashSet<>(List.of("image-" + (i - 20), "image-" + (i / 2))));
            }
            scheduler.run(wide, image -> Outcome.built());
            long overhead = time(() -> scheduler.run(wide, image -> Outcome.built()));
            long serial = time(() -> new BuildScheduler(Runnable::run, 1).run(wide, image -> Outcome.built()));
            figures.add("2000 no-op builds, 20 roots, 100 deep: pool of 4 with bound 2: " + overhead + " ms ("
                    + (overhead * 1000 / 2000) + " us per image); serial executor: " + serial + " ms");
        } finally {
            pool.shutdownNow();
        }
        report("build-scheduler", figures);
    }

    private interface Run {
        void run() throws InterruptedException;
    }

    private static long time(Run run) throws InterruptedException {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Outcome sleep(long millis) {
        try {
            Thread.sleep(millis);
            return Outcome.built();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        }
    }

    static void report(String name, List<String> figures) throws IOException {
        BenchmarkFigures.printAndWrite(name, figures);
    }
}
