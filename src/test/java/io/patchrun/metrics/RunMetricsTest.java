package io.patchrun.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.notify.EndedRun;
import io.patchrun.notify.EndedRun.ContainerChange;
import io.patchrun.notify.EndedRun.ImageChange;
import io.patchrun.watch.DigestChecker;
import io.patchrun.watch.RegistryException;

import static org.assertj.core.api.Assertions.assertThat;

class RunMetricsTest {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunMetrics metrics = new RunMetrics(meters);

    @Test
    void endedRun_isCountedByPipelineAndStatus_withImagesDurationsAndOutage() {
        ImageChange deployed = new ImageChange("team/web", "DEPLOYED", "t1", null, "sha256:a", Duration.ofSeconds(40),
                Duration.ofSeconds(12), List.of(new ContainerChange("web-1", "DEPLOYED", "ok", Duration.ofMillis(300)),
                new ContainerChange("web-agent", "REFUSED", "refused by the policy gate: privileged (runs --privileged)", Duration.ZERO)), null);
        ImageChange rolledBack = new ImageChange("team/api", "ROLLED_BACK", "t2", null, "sha256:b", Duration.ofSeconds(90),
                Duration.ofSeconds(20), List.of(new ContainerChange("api-1", "ROLLED_BACK", "unhealthy", Duration.ofMillis(700))), null);
        ImageChange unchanged = new ImageChange("team/db", "UNCHANGED", null, null, null, null, null, List.of(), null);

        metrics.runEnded(run("nightly", "ROLLED_BACK", deployed, rolledBack, unchanged));
        metrics.runEnded(run("nightly", "SUCCEEDED"));

        String text = meters.scrape();
        assertThat(text).contains(
                "patchrun_runs_total{pipeline=\"nightly\",status=\"ROLLED_BACK\"} 1",
                "patchrun_runs_total{pipeline=\"nightly\",status=\"SUCCEEDED\"} 1",
                "patchrun_images_built_total{pipeline=\"nightly\"} 2",
                "patchrun_images_rolled_over_total{pipeline=\"nightly\"} 1",
                "patchrun_images_rolled_back_total{pipeline=\"nightly\"} 1",
                "patchrun_build_duration_seconds_count{pipeline=\"nightly\"} 2",
                "patchrun_build_duration_seconds_sum{pipeline=\"nightly\"} 130",
                "patchrun_rollover_duration_seconds_count{pipeline=\"nightly\"} 2",
                "patchrun_rollover_outage_seconds_count{pipeline=\"nightly\"} 2",  // not the container the policy refused
                "patchrun_rollover_outage_seconds_max{pipeline=\"nightly\"} 0.7");
        assertThat(text).as("build durations are a histogram reaching past a minute")
                .containsPattern("patchrun_build_duration_seconds_bucket\\{pipeline=\"nightly\",le=\"(6[0-9]|7[0-9]|8[0-9])\\.[0-9]+\"} 1\n")
                .contains("patchrun_build_duration_seconds_bucket{pipeline=\"nightly\",le=\"+Inf\"} 2");
    }

    @Test
    void digestChecks_andTheirFailures_areCountedByRegistry() throws InterruptedException {
        ImageRef good = ImageRef.parse("127.0.0.1:5000/team/base:stable");
        ImageRef bad = ImageRef.parse("127.0.0.1:5000/team/gone:stable");
        Digest digest = Digest.of("sha256:" + "a".repeat(64));
        DigestChecker checker = new DigestChecker(ref -> {
            if (ref.equals(bad)) {
                throw new RegistryException(RegistryException.Kind.UNKNOWN_TAG, ref, "no such tag");
            }
            return digest;
        }, 2, new DigestCheckMetrics(meters));

        checker.check(List.of(good, bad, good));

        assertThat(meters.scrape()).contains("patchrun_digest_checks_total{registry=\"127.0.0.1:5000\"} 2",
                "patchrun_digest_check_failures_total{registry=\"127.0.0.1:5000\"} 1");
    }

    private static EndedRun run(String pipeline, String status, ImageChange... images) {
        Instant start = Instant.parse("2026-11-30T03:00:00Z");
        return new EndedRun(1, pipeline, "schedule", status, start, start.plusSeconds(200), null, List.of(images), null);
    }
}
