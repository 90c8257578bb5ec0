package io.patchrun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.RunHistory;
import io.patchrun.history.RunStatus;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.BenchmarkFigures;

/**
 * The runs page over a long history: 10,000 runs recorded through RunHistory, then the newest page, the
 * oldest page, a filtered page and the API's page timed over HTTP on the whole app. Prints the figures.
 */
@Tag("benchmark")
class RunsPageBenchmark extends AppTestBase {

    private static final int RUNS = 10_000;
    private static final int SAMPLES = 50;
    private static final int WARM_UPS = 30;
    private static final RunStatus[] ENDINGS = {RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED};

    @Autowired
    RunHistory runs;

    @Test
    void runsPage_withTenThousandRuns() throws Exception {
        long insertStart = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            long id = runs.queue(i % 4 == 0 ? "bench-nightly" : "bench-web", i % 3 == 0 ? "schedule" : "ui", "admin",
                    List.of("bench/web", "bench/api"));
            runs.finished(id, ENDINGS[i % ENDINGS.length], "2 deployed");
        }
        long insertMillis = (System.nanoTime() - insertStart) / 1_000_000;
        client.login("viewer", VIEWER_PASSWORD);
        int pages = (runs.count(null, null) + RunPages.PAGE_SIZE - 1) / RunPages.PAGE_SIZE;

        List<String> lines = new ArrayList<>();
        lines.add("Runs page with " + runs.count(null, null) + " runs in the history (" + RUNS + " inserted in " + insertMillis + " ms), "
                + RunPages.PAGE_SIZE + " per page; median and max of " + SAMPLES + " requests after " + WARM_UPS + " warm-ups, over HTTP on loopback:");
        lines.add(time("newest page      /runs", "/runs"));
        lines.add(time("oldest page      /runs?page=" + pages, "/runs?page=" + pages));
        lines.add(time("filtered page    /runs?pipeline=bench-nightly&status=FAILED", "/runs?pipeline=bench-nightly&status=FAILED&page=10"));
        lines.add(time("API page         /api/runs?limit=50", "/api/runs?limit=50"));
        lines.add(query("queries alone: count + newest 50", () -> runs.list(null, null, 0, 50).size() + runs.count(null, null)));
        lines.add(query("queries alone: count + oldest 50", () -> runs.list(null, null, RUNS - 50, 50).size() + runs.count(null, null)));
        lines.add(query("queries alone: count + filtered 50", () -> runs.list("bench-nightly", RunStatus.FAILED, 450, 50).size()
                + runs.count("bench-nightly", RunStatus.FAILED)));
        BenchmarkFigures.printAndWrite("runs-page", lines);
    }

    private String time(String label, String path) {
        for (int i = 0; i < WARM_UPS; i++) {
            fetch(path);
        }
        long[] micros = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            fetch(path);
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        return String.format("  %-62s median %6.1f ms   max %6.1f ms", label, micros[SAMPLES / 2] / 1000.0, micros[SAMPLES - 1] / 1000.0);
    }

    private static String query(String label, java.util.function.IntSupplier query) {
        for (int i = 0; i < WARM_UPS; i++) {
            query.getAsInt();
        }
        long[] micros = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            query.getAsInt();
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        return String.format("  %-62s median %6.1f ms   max %6.1f ms", label, micros[SAMPLES / 2] / 1000.0, micros[SAMPLES - 1] / 1000.0);
    }

    private void fetch(String path) {
        HttpResponse<String> response = client.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
}
