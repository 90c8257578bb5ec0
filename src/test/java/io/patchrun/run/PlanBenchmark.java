package io.patchrun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.fleet.FleetReader;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.Plan;
import io.patchrun.source.Revision;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.BenchmarkFigures;

/**
 * Planning a synthetic fleet whose repositories are already checked out: read every Dockerfile, parse it
 * with its build args, build the graph and plan a full run and a run for one changed base. Prints the
 * figures for 250, 500, 1,000 and 2,000 Dockerfiles (two per repository); asserts nothing about time.
 *
 * <p>Run: {@code mvn -B test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=PlanBenchmark}
 */
@Tag("benchmark")
class PlanBenchmark {

    private static final int BASES = 10;
    private static final int ROUNDS = 7;

    @Test
    void planningGrowsLinearly(@TempDir Path tmp) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Planning a synthetic fleet, repositories already checked out (median of " + ROUNDS + " rounds after warm-up)");
        lines.add(String.format("%10s %8s %12s %12s %14s", "images", "repos", "plan ms", "us/image", "changed-base ms"));
        for (int images : new int[] {250, 500, 1000, 2000}) {
            Fleetset fleet = fleet(tmp.resolve("f" + images), images);
            FleetReader reader = new FleetReader((url, ref) -> { throw new IllegalStateException("no checkout in a benchmark"); });
            for (int warm = 0; warm < 3; warm++) {
                reader.read(fleet.pipeline, fleet.checkouts, Map.of()).graph().planAll();
            }
            long[] full = new long[ROUNDS];
            long[] changed = new long[ROUNDS];
            int planned = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                Plan plan = reader.read(fleet.pipeline, fleet.checkouts, Map.of()).graph().planAll();
                full[round] = System.nanoTime() - start;
                planned = plan.images().size();
                start = System.nanoTime();
                reader.read(fleet.pipeline, fleet.checkouts, Map.of()).graph()
                        .planForChangedBases(java.util.Set.of(io.patchrun.image.ImageRef.parse("127.0.0.1:5000/bench/base0:stable")));
                changed[round] = System.nanoTime() - start;
            }
            if (planned != images) {
                throw new AssertionError("planned " + planned + " of " + images + " images");
            }
            double ms = median(full) / 1e6;
            lines.add(String.format("%10d %8d %12.1f %12.1f %14.1f", images, images / 2, ms, ms * 1000 / images, median(changed) / 1e6));
        }
        BenchmarkFigures.printAndWrite("plan", lines);
    }

    private record Fleetset(Pipeline pipeline, Map<String, Revision> checkouts) {
    }

    /** Two images per repository; image i is built FROM an upstream base or FROM an earlier image, multi-stage. */
    private static Fleetset fleet(Path dir, int images) throws IOException {
        StringBuilder yaml = new StringBuilder("name: bench\nrepositories:\n");
        Map<String, Revision> checkouts = new HashMap<>();
        for (int repo = 0; repo < images / 2; repo++) {
            Path repoDir = dir.resolve("repo" + repo);
            yaml.append("  - url: ").append(repoDir).append("\n    images:\n");
            for (int j = 0; j < 2; j++) {
                int i = repo * 2 + j;
                Path folder = repoDir.resolve("img" + j);
                Files.createDirectories(folder);
                String from = i < BASES * 3 ? "127.0.0.1:5000/bench/base" + (i % BASES) + ":${TAG}" : "bench/app" + (i / 3);
                Files.writeString(folder.resolve("Dockerfile"), """
                        # syntax=docker/dockerfile:1
                        ARG TAG=stable
                        FROM %s AS build
                        RUN echo building \\
                            app %d
                        FROM %s
                        COPY --from=build /out /out
                        CMD ["httpd", "-f", "-p", "8080"]
                        """.formatted(from, i, from));
                yaml.append("      - name: bench/app").append(i).append("\n        dockerfile: img").append(j)
                        .append("/Dockerfile\n        buildArgs: { TAG: stable }\n");
            }
            checkouts.put(repoDir.toString(), new Revision(repoDir, GitRepos.init(repoDir).commit("Dockerfiles"), "main"));
        }
        Path file = dir.resolve("bench.yml");
        Files.writeString(file, yaml);
        return new Fleetset(Pipeline.load(file), checkouts);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
