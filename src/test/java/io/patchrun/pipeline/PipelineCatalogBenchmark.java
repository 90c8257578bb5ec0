package io.patchrun.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.patchrun.testsupport.BenchmarkFigures;

/** How long loading and reloading a folder of pipeline files takes; prints figures, asserts nothing about time. */
@Tag("benchmark")
class PipelineCatalogBenchmark {

    private static final int FILES = 200;
    private static final int IMAGES_PER_FILE = 5;
    private static final int ROUNDS = 50;

    @TempDir
    Path dir;

    @Test
    void reload() throws IOException {
        for (int i = 0; i < FILES; i++) {
            Files.writeString(dir.resolve("fleet-" + i + ".yml"), pipeline(i, "main"));
        }
        PipelineCatalog catalog = new PipelineCatalog(dir);

        long cold = time(catalog::reload);
        long[] unchanged = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            unchanged[round] = time(catalog::reload);
        }
        long[] oneChanged = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            String yaml = pipeline(round % FILES, "branch-" + round);
            Files.writeString(dir.resolve("fleet-" + (round % FILES) + ".yml"), yaml);
            oneChanged[round] = time(catalog::reload);
        }

        report(List.of(
                "pipeline catalog: " + FILES + " files, " + IMAGES_PER_FILE + " images each, "
                        + catalog.pipelines().size() + " loaded",
                "first load (parse every file):       " + millis(cold),
                "reload, nothing changed (median):    " + millis(BenchmarkFigures.median(unchanged)),
                "reload, one file changed (median):   " + millis(BenchmarkFigures.median(oneChanged)),
                "parse cost per file (first load):    " + millis(cold / FILES)));
    }

    private static String pipeline(int index, String ref) {
        StringBuilder yaml = new StringBuilder("""
                name: fleet-%d
                schedule: "0 0 3 * * ?"
                watchEvery: PT15M
                repositories:
                  - url: ../repos/fleet-%d
                    ref: %s
                    images:
                """.formatted(index, index, ref));
        for (int image = 0; image < IMAGES_PER_FILE; image++) {
            yaml.append("""
                          - name: fleet-%d/app-%d
                            dockerfile: app-%d/Dockerfile
                            buildArgs: { FLAVOUR: slim }
                            smoke: { http: { port: 8080, path: /health }, timeout: PT20S }
                    """.formatted(index, image, image));
        }
        return yaml.toString();
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static String millis(long nanos) {
        return String.format("%.3f ms", nanos / 1_000_000.0);
    }

    private static void report(List<String> lines) throws IOException {
        BenchmarkFigures.printAndWrite("pipeline-catalog", lines);
    }
}
