package io.patchrun.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.patchrun.batch.Launch;
import io.patchrun.batch.NewRun;
import io.patchrun.batch.RunLauncher;
import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PatchRuns with in-memory pipelines, versions, launcher and history: no engine, no Spring. */
class PatchRunsTest {

    private static final Pipeline DEMO = Pipeline.parse(Path.of("pipelines/demo.yml"), """
            name: demo
            repositories:
              - url: https://git.example.com/demo.git
                images:
                  - name: demo/web
                    dockerfile: web/Dockerfile
                  - name: demo/api
                    dockerfile: api/Dockerfile
            """);
    private static final Pipeline TOOLS = Pipeline.parse(Path.of("pipelines/tools.yml"), """
            name: tools
            repositories:
              - url: https://git.example.com/tools.git
                images:
                  - name: tools/cli
            """);

    private final FakeLauncher launcher = new FakeLauncher();
    private final Map<String, List<ImageVersion>> versions = new ConcurrentHashMap<>();
    private final Set<ImageRef> onEngine = ConcurrentHashMap.newKeySet();
    private final Map<Long, Run> history = new ConcurrentHashMap<>();
    private final MutableClock clock = new MutableClock();
    private final List<Duration> pauses = new ArrayList<>();

    private final PatchRuns runs = new PatchRuns(
            new RequestChecks(() -> List.of(DEMO, TOOLS), image -> versions.getOrDefault(image, List.of()), onEngine::contains,
                    id -> Optional.ofNullable(history.get(id)),
                    pipeline -> history.values().stream().filter(r -> r.pipeline().equals(pipeline)).max(java.util.Comparator.comparingLong(Run::id))),
            launcher,
            new RunWaiter(id -> Optional.ofNullable(history.get(id)), clock, pause -> {
                pauses.add(pause);
                clock.advance(pause);
            }));

    /** Hands out ids from 1 and records what it was asked to start; busy pipelines are refused. */
    static final class FakeLauncher implements RunLauncher {

        final List<NewRun> started = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
        final Map<String, Long> busy = new ConcurrentHashMap<>();

        @Override
        public Launch launch(NewRun run, String trigger, String requestedBy) {
            String pipeline = run.pipeline().name();
            if (busy.containsKey(pipeline)) {
                return new Launch.Busy(pipeline, busy.get(pipeline) < 0 ? null : busy.get(pipeline));
            }
            started.add(run);
            triggers.add(trigger + " by " + requestedBy);
            return new Launch.Started(started.size());
        }
    }

    @Test
    void start_launchesAPatchRunOfThePipeline_withTheRequest() {
        RunRequest request = new RunRequest(List.of("demo/web"), true);

        long id = runs.start("demo", request, "api", "admin");

        assertThat(id).isEqualTo(1);
        assertThat(launcher.started).containsExactly(new NewRun.Patch(DEMO, request));
        assertThat(launcher.triggers).containsExactly("api by admin");
    }

    @Test
    void start_ofAnUnknownPipeline_isRefusedAsUnknown_namingTheKnownOnes() {
        assertThatThrownBy(() -> runs.start("nope", RunRequest.PENDING, "api", "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.UNKNOWN_PIPELINE))
                .hasMessage("no pipeline 'nope'; known: [demo, tools]");
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void start_ofAnImageNotInThePipeline_isABadRequest_namingItsImages() {
        assertThatThrownBy(() -> runs.start("demo", new RunRequest(List.of("demo/web", "tools/cli"), false), "ui", "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.BAD_REQUEST))
                .hasMessage("pipeline demo has no image [tools/cli]; its images are [demo/api, demo/web]");
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void start_whileARunOfThePipelineGoes_isRefusedAsActive_namingThatRun() {
        launcher.busy.put("demo", 7L);

        assertThatThrownBy(() -> runs.start("demo", RunRequest.PENDING, "api", "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.RUN_ACTIVE))
                .hasMessage("run 7 of pipeline demo is still going; wait for it to end");
        assertThat(runs.start("tools", RunRequest.PENDING, "api", "admin")).as("another pipeline is not held up").isEqualTo(1);
    }

    @Test
    void start_whileARunOfThePipelineIsBeingQueued_isRefusedAsActive() {
        launcher.busy.put("demo", -1L);

        assertThatThrownBy(() -> runs.start("demo", RunRequest.PENDING, "api", "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.RUN_ACTIVE))
                .hasMessage("a run of pipeline demo is being started; wait for it to end");
    }

    @Test
    void scheduledRun_whileARunGoes_isSkippedWithoutAnError() {
        launcher.busy.put("demo", 7L);

        runs.scheduled("demo");
        runs.onBaseChange("demo");

        assertThat(launcher.started).isEmpty();
    }

    @Test
    void scheduledRun_rebuildsWhatThePendingBasesAffect() {
        runs.scheduled("demo");
        runs.onBaseChange("tools");

        assertThat(launcher.started).containsExactly(new NewRun.Patch(DEMO, RunRequest.PENDING), new NewRun.Patch(TOOLS, RunRequest.PENDING));
        assertThat(launcher.triggers).containsExactly("schedule by null", "base-change by null");
    }

    @Test
    void rollback_withoutTag_launchesARollbackToTheVersionBeforeTheCurrent() {
        webVersions("v2", "v1");

        long id = runs.rollback("demo/web", null, "admin");

        assertThat(id).isEqualTo(1);
        NewRun.Rollback rollback = (NewRun.Rollback) launcher.started.get(0);
        assertThat(rollback.pipeline()).isEqualTo(DEMO);
        assertThat(rollback.image().name()).isEqualTo("demo/web");
        assertThat(rollback.version().tag()).isEqualTo("v1");
        assertThat(launcher.triggers).containsExactly("rollback by admin");
    }

    @Test
    void rollback_ofAnImageNoPipelineHas_isRefusedAsUnknown() {
        assertThatThrownBy(() -> runs.rollback("demo/none", null, "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.UNKNOWN_PIPELINE))
                .hasMessage("no pipeline has an image 'demo/none'");
    }

    @Test
    void rollback_toAVersionWhoseImageIsGone_isABadRequest_namingTheVersionsKept() {
        webVersions("v2", "v1");
        onEngine.remove(ImageRef.parse("demo/web:v1"));

        assertThatThrownBy(() -> runs.rollback("demo/web", "v1", "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.BAD_REQUEST))
                .hasMessage("version v1 of demo/web was pruned and its image is gone; roll back to one of [v2, v1]");
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void rollback_toAnUnknownTag_isABadRequest() {
        webVersions("v2", "v1");

        assertThatThrownBy(() -> runs.rollback("demo/web", "v9", "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.BAD_REQUEST))
                .hasMessage("image demo/web has no version 'v9'; its versions are [v2, v1]");
    }

    @Test
    void rollback_whileARunOfItsPipelineGoes_isRefusedAsActive() {
        webVersions("v2", "v1");
        launcher.busy.put("demo", 3L);

        assertThatThrownBy(() -> runs.rollback("demo/web", null, "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.RUN_ACTIVE))
                .hasMessage("run 3 of pipeline demo is still going; wait for it to end");
    }

    @Test
    void resume_ofAFailedRun_launchesANewRunThatContinuesIt_recordedAsTheUser() {
        Run failed = ended(5, RunStatus.FAILED, "schedule", web(ImageStatus.DEPLOYED), api(ImageStatus.FAILED));
        history.put(5L, failed);

        long id = runs.resume(5, "admin");

        assertThat(id).isEqualTo(1);
        assertThat(launcher.started).containsExactly(new NewRun.Resume(DEMO, failed));
        assertThat(launcher.triggers).containsExactly("resume by admin");
        assertThat(runs.whyNotResumable(5)).isEmpty();
    }

    @Test
    void resume_ofAPartialRun_orOneLeftFailedByAStoppedProcess_isAccepted() {
        history.put(5L, ended(5, RunStatus.PARTIAL, "api", web(ImageStatus.DEPLOYED), api(ImageStatus.SKIPPED)));
        assertThat(runs.resume(5, "admin")).isEqualTo(1);

        history.put(6L, ended(6, RunStatus.FAILED, "schedule", web(ImageStatus.BUILT), api(ImageStatus.PENDING)));
        assertThat(runs.resume(6, "admin")).isEqualTo(2);
    }

    @Test
    void resume_ofARunThatIsNotFailedOrPartial_isABadRequest_sayingWhy() {
        history.put(5L, ended(5, RunStatus.SUCCEEDED, "api", web(ImageStatus.DEPLOYED)));
        assertThatThrownBy(() -> runs.resume(5, "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.BAD_REQUEST))
                .hasMessage("run 5 cannot be resumed: it ended SUCCEEDED: only a FAILED or PARTIAL run can be resumed");

        history.put(6L, ended(6, RunStatus.ROLLED_BACK, "api", web(ImageStatus.ROLLED_BACK)));
        assertThatThrownBy(() -> runs.resume(6, "admin")).hasMessageContaining("ended ROLLED_BACK")
                .hasMessageContaining("a verdict, not an interruption");
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void resume_ofARollback_ofARunThatPlannedNothing_orOfAnUnknownRun_isRefused() {
        history.put(5L, ended(5, RunStatus.FAILED, "rollback", web(ImageStatus.FAILED)));
        assertThatThrownBy(() -> runs.resume(5, "admin")).hasMessage("run 5 cannot be resumed: it is a rollback; roll the image back again instead");

        history.put(6L, new Run(6, "demo", "api", "admin", RunStatus.FAILED, Instant.parse("2026-11-23T03:00:00Z"), null, null,
                "Patchrun stopped while this run was going; start it again", List.of()));
        assertThatThrownBy(() -> runs.resume(6, "admin")).hasMessage("run 6 cannot be resumed: it stopped before it planned any image"
                + " (Patchrun stopped while this run was going; start it again); start a new run instead");

        assertThatThrownBy(() -> runs.resume(42, "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.UNKNOWN_RUN))
                .hasMessage("there is no run 42");
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void resume_ofARunThatAnotherRunOfItsPipelineCameAfter_isABadRequest_namingThatRun() {
        history.put(5L, ended(5, RunStatus.FAILED, "schedule", api(ImageStatus.FAILED)));
        history.put(7L, ended(7, RunStatus.SUCCEEDED, "api", api(ImageStatus.BUILT)));
        history.put(8L, new Run(8, "tools", "api", "admin", RunStatus.SUCCEEDED, Instant.parse("2026-11-23T04:00:00Z"), null, null, null, List.of()));

        assertThatThrownBy(() -> runs.resume(5, "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.BAD_REQUEST))
                .hasMessage("run 5 cannot be resumed: it is not the latest run of pipeline demo: run 7 came after it;"
                        + " resume that one, or start a new run");
        assertThat(runs.whyNotResumable(5)).hasValueSatisfying(why -> assertThat(why).contains("run 7 came after it"));
    }

    @Test
    void resume_whileARunOfThePipelineGoes_isRefusedAsActive() {
        history.put(5L, ended(5, RunStatus.FAILED, "schedule", api(ImageStatus.FAILED)));
        history.put(6L, run(6, RunStatus.RUNNING));

        assertThatThrownBy(() -> runs.resume(5, "admin"))
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.RUN_ACTIVE))
                .hasMessage("run 6 of pipeline demo is still going; wait for it to end");

        history.remove(6L);
        launcher.busy.put("demo", -1L);
        assertThatThrownBy(() -> runs.resume(5, "admin"))
                .as("the launcher's claim counts too: a run is being queued")
                .isInstanceOfSatisfying(RunRefused.class, e -> assertThat(e.reason()).isEqualTo(RunRefused.Reason.RUN_ACTIVE));
    }

    private static Run ended(long id, RunStatus status, String trigger, RunImage... images) {
        return new Run(id, "demo", trigger, "admin", status, Instant.parse("2026-11-23T03:00:00Z"), Instant.parse("2026-11-23T03:00:01Z"),
                Instant.parse("2026-11-23T03:05:00Z"), "done", List.of(images));
    }

    private static RunImage web(ImageStatus status) {
        return new RunImage("demo/web", status, "v2", "sha256:base", "c0ffee", null, List.of(), null);
    }

    private static RunImage api(ImageStatus status) {
        return new RunImage("demo/api", status, "v2", "sha256:base", "c0ffee", null, List.of(), null);
    }

    @Test
    void await_returnsTheRunOnceItHasEnded() throws InterruptedException {
        history.put(1L, run(1, RunStatus.RUNNING));
        // The run ends while the waiter pauses for the third time.
        RunWaiter waiter = new RunWaiter(id -> Optional.ofNullable(history.get(id)), clock, pause -> {
            pauses.add(pause);
            clock.advance(pause);
            if (pauses.size() == 3) {
                history.put(1L, run(1, RunStatus.SUCCEEDED));
            }
        });

        Run run = waiter.await(1, Duration.ofMinutes(1));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pauses).containsExactly(RunWaiter.EVERY, RunWaiter.EVERY, RunWaiter.EVERY);
    }

    @Test
    void await_givesUpAtTheTimeoutOnTheClock_withTheRunAsItStands() throws InterruptedException {
        history.put(1L, run(1, RunStatus.RUNNING));
        Instant start = clock.instant();

        Run run = runs.await(1, Duration.ofMillis(250));

        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(pauses).as("no pause runs past the timeout")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(50));
        assertThat(clock.instant()).isEqualTo(start.plusMillis(250));
    }

    @Test
    void await_withNoTime_readsTheRunOnce() throws InterruptedException {
        history.put(1L, run(1, RunStatus.QUEUED));

        assertThat(runs.await(1, Duration.ZERO).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(pauses).isEmpty();
    }

    @Test
    void await_ofAnUnknownRun_isAnError() {
        assertThatThrownBy(() -> runs.await(42, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessage("no run 42");
    }

    /** Versions of demo/web, newest first; the first is current; all still on the engine. */
    private void webVersions(String... tags) {
        List<ImageVersion> list = new ArrayList<>();
        for (int i = 0; i < tags.length; i++) {
            list.add(new ImageVersion("demo/web", tags[i], "sha256:" + tags[i], "sha256:base", "c0ffee",
                    Instant.parse("2026-11-23T03:00:00Z").minus(Duration.ofDays(i)), (long) (tags.length - i), i == 0, false));
            onEngine.add(ImageRef.parse("demo/web:" + tags[i]));
        }
        versions.put("demo/web", list);
    }

    private static Run run(long id, RunStatus status) {
        return new Run(id, "demo", "api", "admin", status, Instant.parse("2026-11-23T03:00:00Z"), null, null, null, List.of());
    }
}
