package io.patchrun.rollout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeSnapshotsTest {

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final FakeVolumes volumes = new FakeVolumes(engine, "schema 1");
    private final MemoryJournal journal = new MemoryJournal(engine);
    private final RolloutPolicy snapshotting = RolloutPolicy.defaults().withSnapshotVolumes(true);
    private ImageInfo v1;
    private FakeEngine.Box web;
    @TempDir
    private Path data;

    @BeforeEach
    void runWebOnV1() {
        v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
        web = engine.run("web", v1, spec(Map.of()));
    }

    @Test
    void rollback_givesTheOldContainerItsSavedData_beforeItStartsAgain() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.UNHEALTHY);

        RolloverResult result = rollover(migratingOn(v2)).rollOver("web", "demo/web:2", snapshotting);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).contains("snapshot of 1 volume (8 bytes) added").contains("its volumes were restored from the snapshot");
        assertThat(volumes.content()).isEqualTo("schema 1");
        List<String> events = engine.events();
        assertThat(events).containsSubsequence("stop web", "journal web SNAPSHOT_VOLUMES", "save db", "journal web SWAP_NAMES",
                "journal web START_NEW", "start web", "journal web ROLL_BACK", "journal web RESTORE_VOLUMES", "restore db",
                "start web");
        assertThat(events).as("a read-only volume cannot have changed").doesNotContain("save config");
        assertThat(engine.named("web").id).isEqualTo(web.id);
        assertThat(engine.named("web").status).isEqualTo(ContainerState.Status.RUNNING);
    }

    @Test
    void snapshotThatFails_stopsTheRolloverBeforeTheNewContainerStarts_andTheOldOneRunsAgainOnItsData() {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        volumes.saveFails("no space left on device");

        RolloverResult result = rollover(engine).rollOver("web", "demo/web:2", snapshotting);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).startsWith("saving the volumes of web before the new container starts failed, so it was not started:")
                .contains("no space left on device");
        assertThat(engine.events()).doesNotContain("journal web START_NEW", "restore db");
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.id).isEqualTo(web.id);
            assertThat(box.name).isEqualTo("web");
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
        assertThat(volumes.content()).isEqualTo("schema 1");
    }

    @Test
    void restoreThatFails_leavesTheOldContainerStopped_ratherThanStartedOnDataItDidNotLeave() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.UNHEALTHY);
        volumes.restoreFails("engine error");

        RolloverResult result = rollover(migratingOn(v2)).rollOver("web", "demo/web:2", snapshotting);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("restoring volume db failed: engine error")
                .contains("the old container is left stopped rather than started on data it did not leave; its snapshot is in "
                        + data.resolve("snapshots").resolve("demo--web"));
        assertThat(engine.named("web").id).isEqualTo(web.id);
        assertThat(engine.named("web").status).isNotEqualTo(ContainerState.Status.RUNNING);
    }

    @Test
    void containerLabelledForASnapshot_isSavedWithoutThePipelineAskingToo() {
        engine.remove("web");
        FakeEngine.Box labelled = engine.run("web", v1, spec(Map.of(VolumeSnapshots.LABEL, "true")));
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);

        RolloverResult result = rollover(engine).rollOver("web", "demo/web:2", RolloutPolicy.defaults());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(engine.events()).contains("journal web SNAPSHOT_VOLUMES", "save db");
        Path folder = snapshots().folderOf("demo/web", labelled.imageId, "web");
        assertThat(folder.resolve("db.tar")).hasContent("schema 1");
        assertThat(folder.resolve(VolumeSnapshots.COMPLETE)).exists();
        assertThat(snapshots().sizeOf("demo/web", labelled.imageId)).contains(8L);
    }

    @Test
    void containerAskingForASnapshot_isNotRolledOver_whenItsVolumesCouldNotBeRestored_orThereIsNoSnapshotFolder() {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        volumes.notRestorable("its root file system is read-only");

        RolloverResult refused = rollover(engine).rollOver("web", "demo/web:2", snapshotting);
        RolloverResult unequipped = new Rollover(engine, journal, clock, clock::advance).rollOver("web", "demo/web:2", snapshotting);

        assertThat(refused.status()).isEqualTo(Status.FAILED);
        assertThat(refused.message()).isEqualTo("not rolled over: it asks for a snapshot of its volumes, which could not be restored after"
                + " a rollback: its root file system is read-only");
        assertThat(unequipped.status()).isEqualTo(Status.FAILED);
        assertThat(unequipped.message()).contains("this rollout has no folder to keep snapshots in");
        assertThat(engine.events()).noneMatch(event -> event.startsWith("create") || event.startsWith("journal"));
    }

    @Test
    void crashAfterTheNewContainerStarted_isUndoneOntoTheSavedData_butBeforeItOnlyStartsTheOldOne() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.STAYS_STARTING);
        MemoryJournal crashing = new MemoryJournal(engine).crashAt(RolloverStep.AWAIT_HEALTH);
        Rollover rollover = new Rollover(migratingOn(v2), crashing, clock, clock::advance).withSnapshots(snapshots());
        assertThatThrownBy(() -> rollover.rollOver("web", "demo/web:2", snapshotting)).isInstanceOf(MemoryJournal.Crash.class);
        assertThat(volumes.content()).isEqualTo("schema 2");

        RolloverResult result = new RolloverRecovery(engine, clock, clock::advance).withSnapshots(snapshots()).recover(crashing.unfinished().get(0));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).contains("restored its volumes from the snapshot in");
        assertThat(volumes.content()).isEqualTo("schema 1");
        assertThat(engine.named("web").status).isEqualTo(ContainerState.Status.RUNNING);
    }

    @Test
    void manualRollbackWithRestoreData_restoresTheTargetsSnapshotBeforeTheNewStart_andGivesTheCurrentDataBackWhenItFails() throws Exception {
        ImageInfo v0 = engine.image("demo/web:0", ImageConfig.empty(), Behaviour.UNHEALTHY);
        Path kept = snapshots().folderOf("demo/web", v0.id(), "web");
        Files.createDirectories(kept);
        Files.writeString(kept.resolve("db.tar"), "schema 0");
        Files.writeString(kept.resolve(VolumeSnapshots.COMPLETE), "earlier\n");
        List<String> seenAtStart = new java.util.ArrayList<>();

        RolloverResult result = rollover(recordingOnStart(seenAtStart)).rollOver("web", "demo/web:0", RolloutPolicy.defaults().withRestoreData(true));

        assertThat(seenAtStart).as("the volume when each container started").containsExactly("schema 0", "schema 1");
        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(volumes.content()).isEqualTo("schema 1");
        assertThat(engine.events()).containsSubsequence("journal web SNAPSHOT_VOLUMES", "save db", "journal web RESTORE_VOLUMES", "restore db",
                "journal web START_NEW", "journal web ROLL_BACK", "journal web RESTORE_VOLUMES", "restore db");
    }

    @Test
    void manualRollbackWithRestoreData_isRefused_forAContainerWithoutASnapshotOfThatVersion() {
        engine.image("demo/web:0", ImageConfig.empty(), Behaviour.HEALTHY);

        RolloverResult result = rollover(engine).rollOver("web", "demo/web:0", RolloutPolicy.defaults().withRestoreData(true));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).isEqualTo("not rolled back: demo/web:0 has no data snapshot of container web, so its data cannot be restored");
        assertThat(engine.events()).noneMatch(event -> event.startsWith("create") || event.startsWith("journal"));
        assertThat(engine.named("web").id).isEqualTo(web.id);
    }

    /** The engine, noting what the volume holds whenever a container starts. */
    private Containers recordingOnStart(List<String> seen) {
        return (Containers) Proxy.newProxyInstance(Containers.class.getClassLoader(), new Class<?>[] {Containers.class}, (proxy, method, args) -> {
            if (method.getName().equals("start")) {
                seen.add(volumes.content());
            }
            try {
                return method.invoke(engine, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void prune_deletesAVersionsSnapshots_andLeavesTheOthers() throws Exception {
        VolumeSnapshots snapshots = snapshots();
        Path kept = snapshots.folderOf("demo/web", "sha256:" + "b".repeat(64), "web");
        Path pruned = snapshots.folderOf("demo/web", "sha256:" + "a".repeat(64), "web");
        Files.createDirectories(kept);
        Files.createDirectories(pruned);
        Files.writeString(kept.resolve("db.tar"), "kept");
        Files.writeString(pruned.resolve("db.tar"), "pruned");

        snapshots.prune("demo/web", "sha256:" + "a".repeat(64));

        assertThat(pruned.getParent()).doesNotExist();
        assertThat(kept.resolve("db.tar")).hasContent("kept");
        assertThat(snapshots.sizeOf("demo/web", "sha256:" + "a".repeat(64))).isEmpty();
    }

    private VolumeSnapshots snapshots() {
        return new VolumeSnapshots(volumes, data.resolve("snapshots"), clock);
    }

    private Rollover rollover(Containers containers) {
        return new Rollover(containers, journal, clock, clock::advance).withSnapshots(snapshots());
    }

    /** The engine, on which a container of {@code image} migrates the volume to schema 2 as it starts. */
    private Containers migratingOn(ImageInfo image) {
        return (Containers) Proxy.newProxyInstance(Containers.class.getClassLoader(), new Class<?>[] {Containers.class}, (proxy, method, args) -> {
            try {
                Object answer = method.invoke(engine, args);
                if (method.getName().equals("start") && engine.boxes().stream()
                        .anyMatch(box -> (box.id.equals(args[0]) || box.name.equals(args[0])) && box.imageId.equals(image.id()))) {
                    volumes.write("schema 2");
                }
                return answer;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static ContainerSpec spec(Map<String, String> labels) {
        ImageConfig config = new ImageConfig(List.of(), labels, Set.of(), Set.of(), null, List.of("db"), null, "/", null, null);
        return new ContainerSpec("demo/web:1", config, null, "bridge", List.of(), List.of(), "{}");
    }
}
