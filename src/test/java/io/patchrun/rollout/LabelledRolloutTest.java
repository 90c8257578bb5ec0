package io.patchrun.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.ExecResult;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The labels of Patchrun and Watchtower, and lifecycle hooks, as a fleet rollout honours them. */
class LabelledRolloutTest {

    private static final Hook DRAIN = new Hook(List.of("/drain.sh"), Duration.ofSeconds(30), "hooks.preUpdate of the pipeline");
    private static final Hook WARM = new Hook(List.of("/warm.sh"), Duration.ofSeconds(30), "hooks.postUpdate of the pipeline");

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final MemoryJournal journal = new MemoryJournal(engine);
    private final Rollover rollover = new Rollover(engine, journal, clock, clock::advance);
    private final ContainerRollouts fleet = new ContainerRollouts(engine, rollover, Runnable::run);
    private final ImageInfo webV1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
    private final ImageInfo webV2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);

    @Test
    void rollOut_skipsContainersLabelledEnableFalse_inEitherSpelling_andRollsTheOthersOfTheImageOver() {
        FakeEngine.Box ours = web("web-1", Map.of(ContainerLabels.ENABLE, "false"));
        web("web-2", Map.of());
        FakeEngine.Box theirs = web("web-3", Map.of(ContainerLabels.WATCHTOWER_ENABLE, "False"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple("web-1", Status.SKIPPED, "not rolled over: it is labelled io.patchrun.enable=false"),
                tuple("web-2", Status.DEPLOYED, "runs demo/web:2 (image 000000000000) now; outage 0 ms"),
                tuple("web-3", Status.SKIPPED, "not rolled over: it is labelled com.centurylinklabs.watchtower.enable=False"));
        assertThat(engine.boxes()).extracting(box -> box.name, box -> box.id, box -> box.imageId).contains(
                tuple("web-1", ours.id, webV1.id()), tuple("web-3", theirs.id, webV1.id()));
        assertThat(engine.events()).noneMatch(event -> event.contains("web-1") || event.contains("web-3"));
    }

    @Test
    void rollOut_ofLabelledContainersOnly_takesEnableTrueInEitherSpelling_andPatchrunsLabelFirst() {
        web("web-1", Map.of(ContainerLabels.ENABLE, "true"));
        web("web-2", Map.of(ContainerLabels.WATCHTOWER_ENABLE, "1"));
        web("web-3", Map.of());
        web("web-4", Map.of(ContainerLabels.ENABLE, "false", ContainerLabels.WATCHTOWER_ENABLE, "true"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults().withLabelledOnly(true));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status).containsExactly(
                tuple("web-1", Status.DEPLOYED), tuple("web-2", Status.DEPLOYED), tuple("web-3", Status.SKIPPED), tuple("web-4", Status.SKIPPED));
        assertThat(results.get(2).message()).isEqualTo("not rolled over: the pipeline rolls over only containers labelled"
                + " io.patchrun.enable=true (containers: labelled), and it has neither that label nor com.centurylinklabs.watchtower.enable=true");
        assertThat(results.get(3).message()).isEqualTo("not rolled over: it is labelled io.patchrun.enable=false");
    }

    @Test
    void rollOut_leavesMonitorOnlyContainers_andOnesWhoseLabelCannotBeRead() {
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_MONITOR_ONLY, "true"));
        web("web-2", Map.of(ContainerLabels.ENABLE, "yes"));
        web("web-3", Map.of(ContainerLabels.WATCHTOWER_MONITOR_ONLY, "false"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple("web-1", Status.SKIPPED, "not rolled over: it is monitored only (labelled com.centurylinklabs.watchtower.monitor-only=true),"
                        + " so it stays on the image it runs; the new version is built all the same"),
                tuple("web-2", Status.SKIPPED, "not rolled over: its label io.patchrun.enable=yes is neither true nor false; fix the label"),
                tuple("web-3", Status.DEPLOYED, "runs demo/web:2 (image 000000000000) now; outage 0 ms"));
    }

    @Test
    void rollOut_stopsTheOldContainer_withTheSignalOfWatchtowersStopSignalLabel() {
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_STOP_SIGNAL, "SIGHUP"));

        rollOut(RolloutPolicy.defaults());

        assertThat(engine.events()).contains("signal web-1 SIGHUP").doesNotContain("signal web-1 SIGTERM");
    }

    @Test
    void rollOut_skipsTheContainer_withTheHooksOutput_whenItsPreUpdateHookFails() {
        FakeEngine.Box old = web("web-1", Map.of());
        engine.execAnswers("web-1", new ExecResult(true, 3, "draining\ncannot drain: 2 sessions open\n"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults().withHooks(new Hooks(DRAIN, WARM)));

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message).containsExactly(tuple(Status.SKIPPED,
                "not rolled over: its pre-update hook (hooks.preUpdate of the pipeline [/drain.sh]) failed with exit code 3: draining | cannot"
                        + " drain: 2 sessions open"));
        assertThat(engine.events()).containsExactly("exec web-1 /drain.sh");
        assertThat(engine.boxes()).extracting(box -> box.id, box -> box.status).containsExactly(tuple(old.id, ContainerState.Status.RUNNING));
    }

    @Test
    void rollOut_runsThePreUpdateHookInTheOldContainerBeforeItStops_andThePostUpdateHookInTheNewOneOnceItIsKept() {
        web("web-1", Map.of());

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults().withHooks(new Hooks(DRAIN, WARM)));

        assertThat(results.get(0).status()).isEqualTo(Status.DEPLOYED);
        assertThat(results.get(0).message()).endsWith("; its post-update hook (hooks.postUpdate of the pipeline [/warm.sh]) ran");
        List<String> events = engine.events();
        assertThat(events.get(0)).isEqualTo("exec web-1 /drain.sh");
        assertThat(events.get(events.size() - 1)).isEqualTo("exec web-1 /warm.sh");
        assertThat(events.indexOf("exec web-1 /warm.sh")).isGreaterThan(events.indexOf("remove web-1-patchrun-old-" + attempt("web-1")));
        assertThat(engine.named("web-1").imageId).isEqualTo(webV2.id());
    }

    @Test
    void rollOut_keepsTheNewContainer_andSaysSo_whenThePostUpdateHookFails() {
        web("web-1", Map.of());
        engine.execAnswers("web-1", new ExecResult(true, 1, "cache warm-up failed\n"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults().withHooks(new Hooks(null, WARM)));

        assertThat(results.get(0).status()).isEqualTo(Status.DEPLOYED);
        assertThat(results.get(0).message()).endsWith("; its post-update hook (hooks.postUpdate of the pipeline [/warm.sh]) failed with exit"
                + " code 1: cache warm-up failed; the new container stays");
        assertThat(engine.named("web-1").imageId).isEqualTo(webV2.id());
    }

    @Test
    void rollOut_runsWatchtowersLifecycleLabels_inPlaceOfThePipelinesHooks_throughAShell() {
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, "/dump-data.sh", ContainerLabels.WATCHTOWER_POST_UPDATE, "/restore-data.sh"));

        rollOut(RolloutPolicy.defaults().withHooks(new Hooks(DRAIN, WARM)));

        assertThat(engine.events()).filteredOn(event -> event.startsWith("exec"))
                .containsExactly("exec web-1 sh -c /dump-data.sh", "exec web-1 sh -c /restore-data.sh");
    }

    @Test
    void rollOut_skipsTheContainer_whenItsPreUpdateHookRunsOutOfTime_givenInMinutesByWatchtowersLabel() {
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, "/dump-data.sh",
                ContainerLabels.WATCHTOWER_PRE_UPDATE + ContainerLabels.TIMEOUT_SUFFIX, "2"));
        engine.execAnswers("web-1", new ExecResult(false, 0, "dumping table 1 of 40\n"));
        var before = clock.instant();

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message).containsExactly(tuple(Status.SKIPPED,
                "not rolled over: its pre-update hook (label com.centurylinklabs.watchtower.lifecycle.pre-update [sh, -c, /dump-data.sh]) did not"
                        + " finish within 2 min (the engine cannot end it, so it may still run in the container): dumping table 1 of 40"));
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rollOut_skipsTheContainer_whenItsPreUpdateHookAsksTo_withExitCode75_asWatchtowerDoes() {
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, "exit 75"));
        engine.execAnswers("web-1", new ExecResult(true, 75, ""));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults());

        assertThat(results.get(0).message()).isEqualTo("not rolled over: its pre-update hook (label com.centurylinklabs.watchtower.lifecycle.pre-update"
                + " [sh, -c, exit 75]) asked to skip the update (exit code 75, EX_TEMPFAIL); it wrote nothing");
    }

    @Test
    void rollOut_leavesTheContainer_whenAHookTimeoutLabelIsNotAWholeNumberOfMinutes() {
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, "/dump-data.sh",
                ContainerLabels.WATCHTOWER_PRE_UPDATE + ContainerLabels.TIMEOUT_SUFFIX, "90s"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message).containsExactly(tuple(Status.SKIPPED,
                "not rolled over: its label com.centurylinklabs.watchtower.lifecycle.pre-update-timeout=90s is not a whole number of minutes"
                        + " (0 for no limit), as Watchtower reads it; fix the label"));
        assertThat(engine.events()).isEmpty();
    }

    @Test
    void rollOut_skipsTheWholeGroup_whenThePreUpdateHookOfOneOfItsContainersFails() {
        ImageInfo dbV1 = engine.image("demo/db:1", ImageConfig.empty(), Behaviour.RUNS);
        engine.image("demo/db:2", ImageConfig.empty(), Behaviour.RUNS);
        engine.run("db", dbV1, new ContainerSpec("demo/db:1", ImageConfig.empty(), null, "bridge", List.of(), List.of(), "{}"));
        web("web-1", Map.of(ContainerLabels.WATCHTOWER_DEPENDS_ON, "db", ContainerLabels.WATCHTOWER_PRE_UPDATE, "/drain.sh"));
        engine.execAnswers("web-1", new ExecResult(true, 1, "sessions open"));

        List<RolloverResult> results = fleet.rollOut(List.of(target("demo/db", RolloutPolicy.defaults()), target("demo/web", RolloutPolicy.defaults())));

        String failure = "not rolled over: its pre-update hook (label com.centurylinklabs.watchtower.lifecycle.pre-update [sh, -c, /drain.sh])"
                + " failed with exit code 1: sessions open";
        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple("db", Status.SKIPPED, "not rolled over together with web-1, which it depends on or which depends on it: " + failure),
                tuple("web-1", Status.SKIPPED, failure));
        assertThat(engine.events()).containsExactly("exec web-1 sh -c /drain.sh");
    }

    @Test
    void rollOut_restartsTheContainersThatDependOnARolledOverOne_byLabel_afterItIsKept_andLeavesThoseLabelledOut() {
        ImageInfo app = engine.image("other/app:1", ImageConfig.empty(), Behaviour.RUNS);
        web("web-1", Map.of());
        FakeEngine.Box proxy = other("proxy", app, Map.of(ContainerLabels.WATCHTOWER_DEPENDS_ON, "/web-1",
                ContainerLabels.WATCHTOWER_STOP_SIGNAL, "SIGUSR1"));
        other("metrics", app, Map.of(ContainerLabels.DEPENDS_ON, "proxy"));
        other("backup", app, Map.of(ContainerLabels.DEPENDS_ON, "web-1", ContainerLabels.ENABLE, "false"));
        other("unrelated", app, Map.of(ContainerLabels.DEPENDS_ON, "db"));

        List<RolloverResult> results = rollOut(RolloutPolicy.defaults());

        assertThat(results.get(0).message()).isEqualTo("runs demo/web:2 (image 000000000000) now; outage 0 ms; did not restart backup, which"
                + " depends on it, because it is labelled io.patchrun.enable=false; restarted proxy, which depends on it; restarted metrics, which"
                + " depends on it");
        List<String> events = engine.events();
        List<String> restarts = events.subList(events.indexOf("remove web-1-patchrun-old-" + attempt("web-1")) + 1, events.size());
        assertThat(restarts).containsExactly("signal metrics SIGTERM", "signal proxy SIGUSR1", "start proxy", "start metrics");
        assertThat(engine.named("proxy").id).isEqualTo(proxy.id);
        assertThat(engine.named("proxy").status).isEqualTo(ContainerState.Status.RUNNING);
    }

    @Test
    void rollOut_restartsNoDependent_whenTheRolloverWasUndone() {
        engine.image("demo/web:3", ImageConfig.empty(), Behaviour.EXITS);
        web("web-1", Map.of());
        other("proxy", engine.image("other/app:1", ImageConfig.empty(), Behaviour.RUNS), Map.of(ContainerLabels.DEPENDS_ON, "web-1"));

        List<RolloverResult> results = fleet.rollOut(List.of(new RolloutTarget(ImageRef.parse("demo/web"), "demo/web:3", RolloutPolicy.defaults())));

        assertThat(results.get(0).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(engine.events()).noneMatch(event -> event.contains("proxy"));
    }

    private List<RolloverResult> rollOut(RolloutPolicy policy) {
        return fleet.rollOut(List.of(target("demo/web", policy)));
    }

    private static RolloutTarget target(String image, RolloutPolicy policy) {
        return new RolloutTarget(ImageRef.parse(image), image + ":2", policy);
    }

    private FakeEngine.Box web(String name, Map<String, String> labels) {
        return other(name, webV1, labels);
    }

    private FakeEngine.Box other(String name, ImageInfo image, Map<String, String> labels) {
        ImageConfig config = new ImageConfig(null, labels, null, null, null, null, null, null, null, null);
        return engine.run(name, image, new ContainerSpec(image.repoTags().get(0), config, null, "bridge", List.of(), List.of(), "{}"));
    }

    private String attempt(String container) {
        return journal.records().stream().filter(record -> record.containerName().equals(container)).findFirst().orElseThrow().attempt();
    }
}
