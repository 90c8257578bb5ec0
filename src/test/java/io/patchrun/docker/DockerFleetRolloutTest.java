package io.patchrun.docker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.rollout.ContainerRollouts;
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

/** Containers that depend on each other, rolled over together on the real engine. */
@EngineTest
class DockerFleetRolloutTest {

    private static final String DEPENDS_ON = "io.patchrun.depends-on";
    private static RolloutImages images;
    private static ExecutorService pool;

    @BeforeAll
    static void buildImages(Engine engine, @TempDir Path work) {
        images = new RolloutImages(engine, work);
        for (String name : List.of("db", "app", "side", "cyc")) {
            // The sidecar shares db's network stack, so it cannot serve on db's port too.
            String process = name.equals("side") ? "sleep 1000" : "httpd -f -p 8080 -h /www";
            for (String version : List.of("v1", "v2")) {
                images.web(name, version, name + "-" + version,
                        "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; echo " + version + "; " + process + " & wait\"]");
            }
        }
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void removeContainers(Engine engine) {
        engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()
                .forEach(container -> engine.docker().removeContainerCmd(container.getId()).withForce(true).exec());
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void rollOut_stopsDependentsFirst_startsDependencyFirst_andKeepsSharedNetworkStack(Engine engine) {
        String db = run(engine, "db", Map.of(), null);
        String app = run(engine, "app", Map.of(DEPENDS_ON, engine.token() + "-db"), null);
        String side = run(engine, "side", Map.of(), "container:" + engine.token() + "-db");
        RecordingContainers containers = new RecordingContainers(new DockerContainers(engine.docker()));

        List<RolloverResult> results = fleet(containers).rollOut(targets(engine, "app", "db", "side"));

        System.out.println("dependent containers rolled over together: " + results);
        assertThat(results).extracting(RolloverResult::container, RolloverResult::status).containsExactly(
                tuple(engine.token() + "-app", Status.DEPLOYED), tuple(engine.token() + "-db", Status.DEPLOYED),
                tuple(engine.token() + "-side", Status.DEPLOYED));
        InspectContainerResponse newDb = inspect(engine, "db");
        InspectContainerResponse newApp = inspect(engine, "app");
        InspectContainerResponse newSide = inspect(engine, "side");
        assertThat(containers.calls()).containsExactly("stop " + side, "stop " + app, "stop " + db,
                "start " + newDb.getId(), "start " + newApp.getId(), "start " + newSide.getId());
        assertThat(newSide.getHostConfig().getNetworkMode()).isEqualTo("container:" + newDb.getId());
        assertThat(newSide.getState().getRunning()).isTrue();
        assertThat(newApp.getConfig().getCmd()).isEqualTo(engine.docker().inspectImageCmd(engine.token() + "/app:v2").exec().getConfig().getCmd());
        assertThat(newApp.getConfig().getLabels()).containsEntry(DEPENDS_ON, engine.token() + "-db");
    }

    @Test
    void rollOut_reportsCycle_andLeavesItsContainersAsTheyWere(Engine engine) {
        String a = run(engine, "cyc-a", Map.of(DEPENDS_ON, engine.token() + "-cyc-b"), null, "cyc");
        String b = run(engine, "cyc-b", Map.of(DEPENDS_ON, engine.token() + "-cyc-a"), null, "cyc");

        List<RolloverResult> results = fleet(new DockerContainers(engine.docker())).rollOut(targets(engine, "cyc"));

        String cycle = engine.token() + "-cyc-a -> " + engine.token() + "-cyc-b -> " + engine.token() + "-cyc-a";
        assertThat(results).extracting(RolloverResult::status, RolloverResult::message).containsOnly(
                tuple(Status.FAILED, "not rolled over: its dependencies form a cycle: " + cycle));
        assertThat(inspect(engine, "cyc-a").getId()).isEqualTo(a);
        assertThat(inspect(engine, "cyc-b").getId()).isEqualTo(b);
        assertThat(inspect(engine, "cyc-a").getState().getRunning()).isTrue();
    }

    @Test
    void rollOut_findsContainersCreatedFromATagThatHasSinceMovedToTheNewImage(Engine engine) {
        String serve = "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]";
        String latest = images.web("moved", "latest", "moved-v1", serve);
        String old = engine.docker().createContainerCmd(latest).withName(engine.token() + "-moved").withLabels(engine.labels())
                .exec().getId();
        engine.docker().startContainerCmd(old).exec();
        String oldImage = inspect(engine, "moved").getImageId();
        // Built outside Patchrun, the old image had no other tag: moving :latest leaves it listed by id only.
        images.web("moved", "latest", "moved-v2", serve);

        List<RolloverResult> results = fleet(new DockerContainers(engine.docker())).rollOut(List.of(new RolloutTarget(
                ImageRef.parse(engine.token() + "/moved"), latest, RolloutPolicy.defaults())));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple(engine.token() + "-moved", Status.DEPLOYED));
        assertThat(results.get(0).oldImageId()).isEqualTo(oldImage);
        assertThat(inspect(engine, "moved").getImageId()).isEqualTo(engine.docker().inspectImageCmd(latest).exec().getId());
    }

    @Test
    void rollOut_leavesContainersCreatedFromAnImageId_asBuildStepsAre(Engine engine) {
        String serve = "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]";
        String v1 = images.web("pinned", "v1", "pinned-v1", serve);
        String v2 = images.web("pinned", "v2", "pinned-v2", serve);
        String v1Id = engine.docker().inspectImageCmd(v1).exec().getId();
        String byName = run(engine, "pinned", Map.of(), null);
        String byId = engine.docker().createContainerCmd(v1Id).withName(engine.token() + "-pinned-by-id").withLabels(engine.labels())
                .exec().getId();
        engine.docker().startContainerCmd(byId).exec();

        List<RolloverResult> results = fleet(new DockerContainers(engine.docker())).rollOut(targets(engine, "pinned"));

        assertThat(results).extracting(RolloverResult::container).containsExactly(engine.token() + "-pinned");
        assertThat(inspect(engine, "pinned").getId()).isNotEqualTo(byName);
        assertThat(inspect(engine, "pinned").getImageId()).isEqualTo(engine.docker().inspectImageCmd(v2).exec().getId());
        assertThat(inspect(engine, "pinned-by-id").getId()).isEqualTo(byId);
        assertThat(inspect(engine, "pinned-by-id").getImageId()).isEqualTo(v1Id);
    }

    @Test
    void rollOut_putsEveryContainerOfTheImageBack_whenOneOfThreeFails_andSaysWhichAndWhy(Engine engine) {
        String serve = "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]";
        images.web("three", "v1", "three-v1", serve);
        images.web("three", "v2", "three-v2", serve + "\nHEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD [\"sh\", \"-c\", \"test -z \\\"$FAIL\\\"\"]");
        Map<String, String> before = new java.util.TreeMap<>();
        for (String name : List.of("three-1", "three-2", "three-3")) {
            DockerClient docker = engine.docker();
            var create = docker.createContainerCmd(engine.token() + "/three:v1").withName(engine.token() + "-" + name).withLabels(engine.labels());
            String id = (name.equals("three-2") ? create.withEnv("FAIL=1") : create).exec().getId();
            docker.startContainerCmd(id).exec();
            before.put(engine.token() + "-" + name, id);
        }

        List<RolloverResult> results = fleet(new DockerContainers(engine.docker())).rollOut(targets(engine, "three"));

        System.out.println("two of three containers of one image passing: " + results);
        assertThat(results).extracting(RolloverResult::status).containsOnly(Status.ROLLED_BACK);
        String failing = engine.token() + "-three-2";
        assertThat(results.get(1).message()).startsWith("new container " + failing + " is unhealthy");
        assertThat(results.get(0).message()).startsWith("went back to the old version with every container of " + engine.token()
                + "/three, because not all of them passed: " + failing + ": new container " + failing + " is unhealthy");
        String v1 = engine.docker().inspectImageCmd(engine.token() + "/three:v1").exec().getId();
        before.forEach((name, id) -> {
            InspectContainerResponse now = engine.docker().inspectContainerCmd(name).exec();
            assertThat(now.getId()).as(name).isEqualTo(id);
            assertThat(now.getImageId()).as(name).isEqualTo(v1);
            assertThat(now.getState().getRunning()).as(name).isTrue();
        });
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).hasSize(3);
    }

    private static ContainerRollouts fleet(io.patchrun.container.Containers containers) {
        RolloutJournal journal = new RolloutJournal() {
            @Override
            public void record(RolloutRecord record) {
                System.out.println("about to replace " + record.containerName() + " (" + record.containerId() + ")");
            }

            @Override
            public void finished(RolloutRecord record, RolloverResult result) {
                System.out.println("replaced " + record.containerName() + ": " + result.status());
            }
        };
        return new ContainerRollouts(containers, new Rollover(containers, journal, Clock.systemUTC(), Pause.sleeping()), pool);
    }

    private static List<RolloutTarget> targets(Engine engine, String... names) {
        return java.util.Arrays.stream(names).map(name -> new RolloutTarget(ImageRef.parse(engine.token() + "/" + name),
                engine.token() + "/" + name + ":v2", RolloutPolicy.defaults())).toList();
    }

    private static String run(Engine engine, String name, Map<String, String> labels, String networkMode) {
        return run(engine, name, labels, networkMode, name);
    }

    private static String run(Engine engine, String name, Map<String, String> labels, String networkMode, String image) {
        DockerClient docker = engine.docker();
        Map<String, String> all = new HashMap<>(engine.labels());
        all.putAll(labels);
        HostConfig host = HostConfig.newHostConfig();
        if (networkMode != null) {
            host.withNetworkMode(networkMode);
        }
        String id = docker.createContainerCmd(engine.token() + "/" + image + ":v1").withName(engine.token() + "-" + name).withLabels(all)
                .withHostConfig(host).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static InspectContainerResponse inspect(Engine engine, String name) {
        return engine.docker().inspectContainerCmd(engine.token() + "-" + name).exec();
    }
}
