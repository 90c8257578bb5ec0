package io.patchrun.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.patchrun.batch.NewRun;
import io.patchrun.history.ReadyVersion;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.testsupport.MutableClock;

/** When the window trigger starts a rollout, and when it looks again; the test clock starts Tuesday 2026-12-01 01:00 UTC. */
class WindowRunsTest {

    private static final Pipeline NIGHTLY = pipeline("nightly", "mode: rollout\nwindow: { from: \"02:00\", to: \"05:00\", zone: UTC }\n");
    private static final Pipeline WATCHED = pipeline("watched", "mode: monitor\nwindow: { from: \"02:00\", to: \"05:00\", zone: UTC }\n");
    private static final Pipeline ANYTIME = pipeline("anytime", "");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));
    private final PatchRunsTest.FakeLauncher launcher = new PatchRunsTest.FakeLauncher();
    private final Map<String, List<ReadyVersion>> ready = new ConcurrentHashMap<>();
    private final WindowRuns windows = new WindowRuns(() -> List.of(NIGHTLY, WATCHED, ANYTIME),
            pipeline -> ready.getOrDefault(pipeline, List.of()), launcher, clock);

    private static Pipeline pipeline(String name, String lines) {
        return Pipeline.parse(Path.of(name + ".yml"), "name: " + name + "\n" + lines
                + "repositories:\n  - url: /srv/" + name + "\n    images:\n      - name: " + name + "/web\n");
    }

    private void readyIn(Pipeline pipeline) {
        ready.put(pipeline.name(), List.of(new ReadyVersion(pipeline.name() + "/web", pipeline.name(), "v2", 7, clock.instant())));
    }

    @Test
    void closedWindow_startsNothing_andLooksAgainAtItsOpening() {
        readyIn(NIGHTLY);

        assertThat(windows.windowOpened("nightly")).contains(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void openWindow_withVersionsReady_startsTheirRollout_andLooksAgainAtTheNextOpening() {
        readyIn(NIGHTLY);
        clock.advance(Duration.ofHours(1));

        assertThat(windows.windowOpened("nightly")).contains(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(launcher.started).containsExactly(new NewRun.RollOut(NIGHTLY, List.of("nightly/web"), false));
        assertThat(launcher.triggers).containsExactly("window by null");
    }

    @Test
    void openWindow_withNothingReady_orInMonitorMode_startsNothing() {
        readyIn(WATCHED);
        clock.advance(Duration.ofHours(1));

        assertThat(windows.windowOpened("nightly")).contains(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(windows.windowOpened("watched")).contains(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void openWindow_whileAnotherRunGoes_looksAgainInAMinute_butNotAfterTheWindowCloses() {
        readyIn(NIGHTLY);
        launcher.busy.put("nightly", 3L);
        clock.advance(Duration.ofHours(1));

        assertThat(windows.windowOpened("nightly")).contains(Instant.parse("2026-12-01T02:01:00Z"));
        clock.advance(Duration.ofMinutes(179).plusSeconds(30));
        assertThat(windows.windowOpened("nightly")).as("04:59:30").contains(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void aPipelineWithoutAWindow_needsNoTrigger() {
        assertThat(windows.windowOpened("anytime")).isEmpty();
        assertThat(windows.windowOpened("gone")).isEmpty();
    }

    @Test
    void rollOutNow_ignoresTheClosedWindow_andIsRefusedWhenNothingWaitsOrInMonitorMode() {
        readyIn(NIGHTLY);

        assertThat(windows.rollOutNow("nightly", "ui", "admin")).isEqualTo(1);
        assertThat(launcher.started).containsExactly(new NewRun.RollOut(NIGHTLY, List.of("nightly/web"), true));
        assertThat(launcher.triggers).containsExactly("ui by admin");
        assertThatThrownBy(() -> windows.rollOutNow("anytime", "api", "admin")).isInstanceOf(RunRefused.class)
                .hasMessageContaining("nothing of pipeline anytime is ready to roll out");
        assertThatThrownBy(() -> windows.rollOutNow("watched", "api", "admin")).isInstanceOf(RunRefused.class)
                .hasMessageContaining("mode: monitor");
    }
}
