package io.patchrun.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.rollout.VolumeSnapshots;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots of named volumes on the real engine: a container keeps a "schema version" file in its volume; the new
 * version migrates it, adds and renames files, then fails its health check; after the automatic rollback the old
 * version finds exactly its own data again.
 */
@EngineTest
class DockerVolumeSnapshotTest {

    /** v1 writes schema 1 when the volume is new and keeps a folder of its own; it serves what it finds. */
    private static final String V1 = "[ -f /data/schema ] || { echo 1 > /data/schema; mkdir -p /data/v1-folder; echo kept > /data/v1-folder/file; };"
            + " cp /data/schema /www/index.html; trap 'exit 0' TERM INT; httpd -f -p 8080 -h /www & wait";
    /** v2 migrates: schema 2, a file of its own, v1's folder renamed, and a file in it replaced by a folder. */
    private static final String V2 = "echo 2 > /data/schema; echo v2 > /data/added-by-v2; mv /data/v1-folder /data/renamed-by-v2;"
            + " mkdir -p /data/v1-folder/file; trap 'exit 0' TERM INT; httpd -f -p 8080 -h /www & wait";

    private static RolloutImages images;
    private static String v1;
    private static String v2Failing;
    private static String v2Healthy;

    @BeforeAll
    static void buildImages(Engine engine, @TempDir Path work) {
        images = new RolloutImages(engine, work);
        v1 = images.web("stateful", "v1", "v1", "CMD [\"sh\", \"-c\", \"" + V1 + "\"]");
        v2Failing = images.web("stateful", "v2", "v2", "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD false\n"
                + "CMD [\"sh\", \"-c\", \"" + V2 + "\"]");
        v2Healthy = images.web("stateful", "v2ok", "v2", "CMD [\"sh\", \"-c\", \"" + V2 + "\"]");
    }

    @AfterEach
    void removeContainers(Engine engine) {
        engine.removeContainersAndTheirVolumes();
    }

    @Test
    void rollback_restoresTheOldVersionsOwnData_whenTheNewVersionMigratedItAndFailedItsHealthCheck(Engine engine, @TempDir Path data)
            throws IOException {
        String name = engine.token() + "-db";
        docker("run", "-d", "--name", name, "--label", Engine.TEST_LABEL + "=" + engine.token(), "-v", engine.token() + "-db:/data", v1);
        awaitFile(name, "/www/index.html");
        String before = docker("exec", name, "ls", "-lnR", "--full-time", "/data");

        RolloverResult result = rollover(engine, data).rollOver(name, v2Failing, snapshotting().withHealthTimeout(Duration.ofSeconds(20)));

        System.out.println("rollover of a stateful container whose new version fails: " + result);
        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).contains("snapshot of 1 volume").contains("restored from the snapshot");
        assertThat(docker("exec", name, "cat", "/data/schema").strip()).isEqualTo("1");
        assertThat(docker("exec", name, "ls", "-lnR", "--full-time", "/data")).isEqualTo(before);
        assertThat(docker("exec", name, "ls", "/data").lines().toList()).containsExactlyInAnyOrder("schema", "v1-folder");
        assertThat(docker("inspect", "-f", "{{.Config.Image}}", name).strip()).isEqualTo(v1);
    }

    @Test
    void rollover_savesTheVolumes_ofAContainerLabelledForASnapshot_withOwnerOnlyFiles(Engine engine, @TempDir Path data) throws IOException {
        String name = engine.token() + "-labelled";
        docker("run", "-d", "--name", name, "--label", Engine.TEST_LABEL + "=" + engine.token(), "--label", VolumeSnapshots.LABEL + "=true",
                "-v", engine.token() + "-labelled:/data", "-v", engine.token() + "-ro:/readonly:ro", v1);
        awaitFile(name, "/www/index.html");
        String imageId = docker("inspect", "-f", "{{.Image}}", name).strip();

        RolloverResult result = rollover(engine, data).rollOver(name, v2Healthy, RolloutPolicy.defaults());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(result.message()).contains("snapshot of 1 volume");
        VolumeSnapshots snapshots = snapshots(engine, data);
        Path folder = snapshots.folderOf(engine.token() + "/stateful", imageId, name);
        Path tar = folder.resolve(engine.token() + "-labelled.tar");
        assertThat(tar).isRegularFile();
        assertThat(folder.resolve(engine.token() + "-ro.tar")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tar))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(docker("exec", name, "cat", "/data/schema").strip()).as("the new version keeps its migrated data").isEqualTo("2");
        assertThat(snapshots.sizeOf(engine.token() + "/stateful", imageId)).contains(Files.size(tar));

        snapshots.prune(engine.token() + "/stateful", imageId);

        assertThat(folder).doesNotExist();
        assertThat(snapshots.sizeOf(engine.token() + "/stateful", imageId)).isEmpty();
    }

    @Test
    void manualRollback_withRestoreData_givesTheVolumeBackExactlyWhatTheOldVersionLeft_andWithoutItKeepsTheMigratedData(Engine engine,
                                                                                                                      @TempDir Path data) {
        String name = engine.token() + "-manual";
        docker("run", "-d", "--name", name, "--label", Engine.TEST_LABEL + "=" + engine.token(), "-v", engine.token() + "-manual:/data", v1);
        awaitFile(name, "/www/index.html");
        String v1Data = docker("exec", name, "ls", "-lnR", "--full-time", "/data");
        Rollover rollover = rollover(engine, data);
        RolloverResult up = rollover.rollOver(name, v2Healthy, snapshotting());
        assertThat(up.status()).as(up.message()).isEqualTo(Status.DEPLOYED);
        awaitFile(name, "/data/added-by-v2");
        RolloverResult plain = rollover.rollOver(name, v1, RolloutPolicy.defaults());
        assertThat(plain.status()).as(plain.message()).isEqualTo(Status.DEPLOYED);
        assertThat(docker("exec", name, "cat", "/data/schema").strip()).as("without restoreData the data stays as it is").isEqualTo("2");
        rollover.rollOver(name, v2Healthy, RolloutPolicy.defaults());

        RolloverResult back = rollover.rollOver(name, v1, RolloutPolicy.defaults().withRestoreData(true));

        assertThat(back.status()).as(back.message()).isEqualTo(Status.DEPLOYED);
        assertThat(docker("exec", name, "cat", "/data/schema").strip()).isEqualTo("1");
        assertThat(docker("exec", name, "ls", "-lnR", "--full-time", "/data")).isEqualTo(v1Data);
    }

    @Test
    void rollover_isRefused_whenTheVolumesOfAContainerAskingForASnapshotCouldNotBeRestored(Engine engine, @TempDir Path data) {
        String name = engine.token() + "-readonly";
        docker("run", "-d", "--name", name, "--label", Engine.TEST_LABEL + "=" + engine.token(), "--read-only", "--tmpfs", "/www",
                "-v", engine.token() + "-readonly:/data", v1);
        awaitFile(name, "/www/index.html");
        String id = docker("inspect", "-f", "{{.Id}}", name).strip();

        RolloverResult result = rollover(engine, data).rollOver(name, v2Healthy, snapshotting());

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("not rolled over").contains("read-only");
        assertThat(docker("inspect", "-f", "{{.Id}} {{.State.Running}}", name).strip()).isEqualTo(id + " true");
    }

    private static RolloutPolicy snapshotting() {
        return RolloutPolicy.defaults().withSnapshotVolumes(true);
    }

    private static VolumeSnapshots snapshots(Engine engine, Path data) {
        return new VolumeSnapshots(new DockerVolumeArchives(engine.docker()), data.resolve("snapshots"), Clock.systemUTC());
    }

    private static Rollover rollover(Engine engine, Path data) {
        RolloutJournal silent = new RolloutJournal() {
            @Override
            public void record(RolloutRecord record) {
            }

            @Override
            public void finished(RolloutRecord record, RolloverResult result) {
            }
        };
        return new Rollover(new DockerContainers(engine.docker()), silent, Clock.systemUTC(), Pause.sleeping()).withSnapshots(snapshots(engine, data));
    }

    private static void awaitFile(String container, String path) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> run(List.of("docker", "exec", container, "test", "-s", path)).exitCode == 0);
    }

    private static String docker(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(arguments));
        Ran ran = run(command);
        if (ran.exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + ran.output);
        }
        return ran.output;
    }

    private record Ran(int exitCode, String output) {
    }

    private static Ran run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                throw new AssertionError(String.join(" ", command) + " did not end");
            }
            return new Ran(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
