package io.patchrun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunImage;

/** The smoke verdict a run page shows, worked out from what the run recorded. */
class RunReportTest {

    private static RunImage image(ImageStatus status, Long buildMillis) {
        return new RunImage("demo/web", status, "t1", null, null, buildMillis, List.of(), null);
    }

    private static String verdict(RunImage image) {
        return RunReport.smoke(image, false, Optional.of(true)).verdict();
    }

    @Test
    void smoke_passed_onceTheImageGotPastIt() {
        assertThat(verdict(image(ImageStatus.BUILT, 1000L))).isEqualTo("passed");
        assertThat(verdict(image(ImageStatus.DEPLOYED, 1000L))).isEqualTo("passed");
        assertThat(verdict(image(ImageStatus.ROLLED_BACK, 1000L))).as("failed on a live container, after its smoke test").isEqualTo("passed");
    }

    @Test
    void smoke_failed_whenABuiltImageFailed_notReached_whenTheBuildFailed() {
        assertThat(verdict(image(ImageStatus.FAILED, 1000L))).isEqualTo("failed");
        assertThat(verdict(image(ImageStatus.FAILED, null))).isEqualTo("not reached");
        assertThat(verdict(image(ImageStatus.SKIPPED, null))).isEqualTo("not run");
    }

    @Test
    void smoke_whileTheRunGoes() {
        assertThat(verdict(image(ImageStatus.PENDING, 1000L))).isEqualTo("running");
        assertThat(verdict(image(ImageStatus.PENDING, null))).isEqualTo("not yet");
    }

    @Test
    void smoke_ofAnImageWithoutOne_orOfARollback_isNotRun() {
        assertThat(RunReport.smoke(image(ImageStatus.DEPLOYED, 1000L), false, Optional.of(false)).verdict()).isEqualTo("none configured");
        assertThat(RunReport.smoke(image(ImageStatus.DEPLOYED, null), true, Optional.of(true)).verdict()).startsWith("not run: a rollback");
        assertThat(RunReport.smoke(image(ImageStatus.DEPLOYED, 1000L), false, Optional.empty()).verdict())
                .as("pipeline file gone: judged by status alone").isEqualTo("passed");
    }
}
