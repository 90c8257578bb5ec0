package io.patchrun.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.container.ExecResult;
import io.patchrun.image.ImageRef;
import io.patchrun.rollout.ContainerRollouts;
import io.patchrun.rollout.Hook;
import io.patchrun.rollout.Hooks;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.RolloutTarget;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Patchrun's and Watchtower's container labels, and lifecycle hooks, honoured on the real engine. */
@EngineTest
class DockerLabelsTest {

    private static final String WATCHTOWER = "com.centurylinklabs.watchtower.";
    private static RolloutImages images;
    private static ExecutorService pool;

    @BeforeAll
    static void buildImages(Engine engine, @TempDir Path work) {
        images = new RolloutImages(engine, work);
        String serve = "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]";
        images.web("lab", "v1", "lab-v1", serve);
        images.web("lab", "v2", "lab-v2", serve);
        images.web("proxy", "v1", "proxy-v1", serve);
        // Ignores SIGTERM, as busybox httpd does as PID 1; on SIGHUP it writes down that it got it and exits.
        String hup = "CMD [\"sh\", \"-c\", \"trap 'echo got SIGHUP > /signal/got; exit 0' HUP; trap '' TERM; httpd -f -p 8080 -h /www & wait\"]";
        images.web("hup", "v1", "hup-v1", hup);
        images.web("hup", "v2", "hup-v2", hup);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void removeContainersAndVolumes(Engine engine) {
        engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()
                .forEach(container -> engine.docker().removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
        engine.docker().listVolumesCmd().exec().getVolumes().stream().filter(volume -> volume.getName().startsWith(engine.token()))
                .forEach(volume -> engine.docker().removeVolumeCmd(volume.getName()).exec());
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void rollOut_leavesTheContainerLabelledEnableFalse_andRollsTheOtherOver(Engine engine) {
        String off = run(engine, "lab-off", "lab", Map.of("io.patchrun.enable", "false"));
        run(engine, "lab-on", "lab", Map.of());

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple(engine.token() + "-lab-off", Status.SKIPPED, "not rolled over: it is labelled io.patchrun.enable=false"),
                tuple(engine.token() + "-lab-on", Status.DEPLOYED, results.get(1).message()));
        assertOnV1Still(engine, "lab-off", off, "lab");
        assertThat(inspect(engine, "lab-on").getImageId()).isEqualTo(imageId(engine, "lab:v2"));
    }

    @Test
    void rollOut_leavesTheContainerLabelledWithWatchtowersEnableFalse(Engine engine) {
        String off = run(engine, "lab-wt", "lab", Map.of(WATCHTOWER + "enable", "false"));

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message)
                .containsExactly(tuple(Status.SKIPPED, "not rolled over: it is labelled com.centurylinklabs.watchtower.enable=false"));
        assertOnV1Still(engine, "lab-wt", off, "lab");
    }

    @Test
    void rollOut_ofLabelledContainersOnly_rollsOverOnlyTheOneLabelledEnableTrue(Engine engine) {
        run(engine, "lab-yes", "lab", Map.of("io.patchrun.enable", "true"));
        String other = run(engine, "lab-no", "lab", Map.of());

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults().withLabelledOnly(true));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status).containsExactly(
                tuple(engine.token() + "-lab-no", Status.SKIPPED), tuple(engine.token() + "-lab-yes", Status.DEPLOYED));
        assertThat(inspect(engine, "lab-yes").getImageId()).isEqualTo(imageId(engine, "lab:v2"));
        assertOnV1Still(engine, "lab-no", other, "lab");
    }

    @Test
    void rollOut_stopsTheOldContainer_withWatchtowersStopSignalLabel(Engine engine, @TempDir Path signals) throws Exception {
        DockerClient docker = engine.docker();
        Map<String, String> labels = new HashMap<>(engine.labels());
        labels.put(WATCHTOWER + "stop-signal", "SIGHUP");
        String id = docker.createContainerCmd(engine.token() + "/hup:v1").withName(engine.token() + "-hup").withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(signals.toString(), new Volume("/signal")))).exec().getId();
        docker.startContainerCmd(id).exec();

        List<RolloverResult> results = rollOut(engine, "hup", RolloutPolicy.defaults().withStopTimeout(Duration.ofSeconds(30)));

        assertThat(results).extracting(RolloverResult::status).containsExactly(Status.DEPLOYED);
        assertThat(Files.readString(signals.resolve("got"))).isEqualTo("got SIGHUP\n");
    }

    @Test
    void rollOut_restartsAContainerOfAnotherImage_thatDependsOnTheRolledOverOne_byWatchtowersLabel(Engine engine) {
        run(engine, "lab-db", "lab", Map.of());
        String proxy = run(engine, "proxy", "proxy", Map.of(WATCHTOWER + "depends-on", engine.token() + "-lab-db"));
        String startedBefore = inspect(engine, "proxy").getState().getStartedAt();

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults());

        assertThat(results.get(0).status()).isEqualTo(Status.DEPLOYED);
        assertThat(results.get(0).message()).endsWith("; restarted " + engine.token() + "-proxy, which depends on it");
        InspectContainerResponse after = inspect(engine, "proxy");
        assertThat(after.getId()).isEqualTo(proxy);
        assertThat(after.getImageId()).isEqualTo(imageId(engine, "proxy:v1"));
        assertThat(after.getState().getRunning()).isTrue();
        assertThat(after.getState().getStartedAt()).isGreaterThan(startedBefore);
    }

    @Test
    void rollOut_leavesTheOldContainerRunning_withTheHooksOutput_whenItsPreUpdateHookFails(Engine engine) {
        String old = run(engine, "lab-busy", "lab", Map.of(WATCHTOWER + "lifecycle.pre-update", "echo cannot drain: 2 sessions open; exit 3"));

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message).containsExactly(tuple(Status.SKIPPED,
                "not rolled over: its pre-update hook (label com.centurylinklabs.watchtower.lifecycle.pre-update [sh, -c, echo cannot drain:"
                        + " 2 sessions open; exit 3]) failed with exit code 3: cannot drain: 2 sessions open"));
        assertOnV1Still(engine, "lab-busy", old, "lab");
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).hasSize(1);
    }

    @Test
    void rollOut_runsThePipelinesPreUpdateHookInTheOldContainer_andWatchtowersPostUpdateLabelInTheNewOne(Engine engine) {
        Map<String, String> labels = Map.of(WATCHTOWER + "lifecycle.post-update", "echo warmed in $(cat /www/index.html) >> /data/hooks");
        String old = run(engine, "lab-hooks", "lab", labels, engine.token() + "-hooks:/data");
        Hook drain = new Hook(List.of("sh", "-c", "echo drained in $(cat /www/index.html) >> /data/hooks"), Duration.ofSeconds(10),
                "hooks.preUpdate of the pipeline");

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults().withHooks(new Hooks(drain, null)));

        assertThat(results).extracting(RolloverResult::status).containsExactly(Status.DEPLOYED);
        assertThat(results.get(0).message()).endsWith("; its post-update hook (label com.centurylinklabs.watchtower.lifecycle.post-update"
                + " [sh, -c, echo warmed in $(cat /www/index.html) >> /data/hooks]) ran");
        InspectContainerResponse now = inspect(engine, "lab-hooks");
        assertThat(now.getId()).isNotEqualTo(old);
        ExecResult written = new DockerContainers(engine.docker()).exec(now.getId(), List.of("cat", "/data/hooks"), Duration.ofSeconds(10));
        assertThat(written).isEqualTo(new ExecResult(true, 0, "drained in lab-v1\nwarmed in lab-v2\n"));
    }

    @Test
    void rollOut_leavesTheContainer_whenItsPreUpdateHookRunsOutOfTime(Engine engine) {
        String old = run(engine, "lab-slow", "lab", Map.of());
        Hook slow = new Hook(List.of("sh", "-c", "echo waiting for the queue to empty; sleep 30"), Duration.ofSeconds(2),
                "hooks.preUpdate of the pipeline");

        List<RolloverResult> results = rollOut(engine, "lab", RolloutPolicy.defaults().withHooks(new Hooks(slow, null)));

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message).containsExactly(tuple(Status.SKIPPED,
                "not rolled over: its pre-update hook (hooks.preUpdate of the pipeline [sh, -c, echo waiting for the queue to empty; sleep 30])"
                        + " did not finish within 2 s (the engine cannot end it, so it may still run in the container): waiting for the queue to"
                        + " empty"));
        assertOnV1Still(engine, "lab-slow", old, "lab");
    }

    private static List<RolloverResult> rollOut(Engine engine, String image, RolloutPolicy policy) {
        DockerContainers containers = new DockerContainers(engine.docker());
        RolloutJournal journal = new RolloutJournal() {
            @Override
            public void record(RolloutRecord record) {
                System.out.println("about to replace " + record.containerName());
            }

            @Override
            public void finished(RolloutRecord record, RolloverResult result) {
                System.out.println("replaced " + record.containerName() + ": " + result.status());
            }
        };
        ContainerRollouts fleet = new ContainerRollouts(containers, new Rollover(containers, journal, Clock.systemUTC(), Pause.sleeping()), pool);
        List<RolloverResult> results = fleet.rollOut(List.of(new RolloutTarget(ImageRef.parse(engine.token() + "/" + image),
                engine.token() + "/" + image + ":v2", policy)));
        System.out.println("rolled over: " + results);
        return results;
    }

    private static String run(Engine engine, String name, String image, Map<String, String> labels) {
        return run(engine, name, image, labels, null);
    }

    private static String run(Engine engine, String name, String image, Map<String, String> labels, String volume) {
        DockerClient docker = engine.docker();
        Map<String, String> all = new HashMap<>(engine.labels());
        all.putAll(labels);
        HostConfig host = HostConfig.newHostConfig();
        if (volume != null) {
            host.withBinds(Bind.parse(volume));
        }
        String id = docker.createContainerCmd(engine.token() + "/" + image + ":v1").withName(engine.token() + "-" + name).withLabels(all)
                .withHostConfig(host).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static void assertOnV1Still(Engine engine, String name, String id, String image) {
        InspectContainerResponse now = inspect(engine, name);
        assertThat(now.getId()).isEqualTo(id);
        assertThat(now.getImageId()).isEqualTo(imageId(engine, image + ":v1"));
        assertThat(now.getState().getRunning()).isTrue();
    }

    private static String imageId(Engine engine, String reference) {
        return engine.docker().inspectImageCmd(engine.token() + "/" + reference).exec().getId();
    }

    private static InspectContainerResponse inspect(Engine engine, String name) {
        return engine.docker().inspectContainerCmd(engine.token() + "-" + name).exec();
    }
}
