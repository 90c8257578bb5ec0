package io.patchrun.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.BaseState;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.Digest;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.RegistryPusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watching base digests in the real local registry: by API call and by the watch schedule. */
@EngineTest
class BaseChecksApiTest extends AppTestBase {

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    BaseHistory bases;

    @TempDir
    Path tmp;

    @AfterEach
    void removePipelines() throws Exception {
        try (var files = Files.list(pipelinesDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("watch-")).toList()) {
                Files.delete(file);
            }
        }
        pipelines.reload();
    }

    private String pipelineOn(String name, String baseRef, String extra) throws Exception {
        GitRepos repo = GitRepos.init(tmp.resolve(name)).write("Dockerfile", "FROM " + baseRef + "\nRUN true\n");
        repo.commit("app");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(name + ".yml"), "name: " + name + "\n" + extra
                + "repositories:\n  - url: " + repo.path() + "\n    images: [{ name: " + name + "/app }]\n");
        pipelines.reload();
        return name;
    }

    @Test
    void check_recordsFirstSightingWithoutChange_thenReportsNewDigest_andMarksPending(Engine engine) throws Exception {
        try (RegistryPusher registry = new RegistryPusher()) {
            String repository = RegistryPusher.uniqueRepository("watch-base");
            Digest first = registry.push(repository, "stable");
            String ref = "127.0.0.1:5000/" + repository + ":stable";
            pipelineOn("watch-api", ref, "");

            assertThat(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "").body()).doesNotContain(ref);
            assertThat(state(ref).digest()).isEqualTo(first.value());

            Digest second = registry.push(repository, "stable", RegistryPusher.Format.OCI, "v2");
            String body = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "").body();

            assertThat(second).isNotEqualTo(first);
            assertThat(body).contains("\"changed\":[").contains(ref);
            assertThat(state(ref).digest()).isEqualTo(second.value());
            assertThat(bases.digests(ref)).containsExactly(first.value(), second.value());
            assertThat(bases.pending("watch-api")).containsExactly(ref);
            assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/bases").body()).contains("\"ref\":\"" + ref + "\"");

            registry.deleteManifest(repository, second);
            client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "");
            assertThat(state(ref).problem()).contains(repository).contains("stable");
            assertThat(state(ref).digest()).as("the last digest seen stays").isEqualTo(second.value());
        }
    }

    @Test
    void changedBase_startsRunAtOnce_whenPipelineSaysOnBaseChangeRun(Engine engine) throws Exception {
        try (RegistryPusher registry = new RegistryPusher()) {
            String repository = RegistryPusher.uniqueRepository("watch-run");
            registry.push(repository, "stable");
            String ref = "127.0.0.1:5000/" + repository + ":stable";
            pipelineOn("watch-run", ref, "onBaseChange: run\n");
            client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "");
            assertThat(runs.list("watch-run", null, 0, 10)).as("first sighting starts nothing").isEmpty();

            registry.push(repository, "stable", RegistryPusher.Format.OCI, "v2");
            client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "");

            List<Run> started = runs.list("watch-run", null, 0, 10);
            assertThat(started).hasSize(1);
            assertThat(started.get(0).trigger()).isEqualTo("base-change");
            assertThat(started.get(0).requestedBy()).isNull();
            patchRuns.await(started.get(0).id(), Duration.ofMinutes(1));
        }
    }

    @Test
    void changedBase_leavesPipelineAlone_whenItsImagesAreBuiltOnTheNewDigestAlready(Engine engine) throws Exception {
        try (RegistryPusher registry = new RegistryPusher()) {
            String repository = RegistryPusher.uniqueRepository("watch-done");
            registry.push(repository, "stable");
            String ref = "127.0.0.1:5000/" + repository + ":stable";
            pipelineOn("watch-done", ref, "");
            client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "");
            Digest second = registry.push(repository, "stable", RegistryPusher.Format.OCI, "v2");
            // A forced run got there before the watcher: the current version is built on the new digest.
            versions.add(new ImageVersion("watch-done/app", "20261123-030000-1", "sha256:" + "d".repeat(64), second.value(),
                    "c0ffee", java.time.Instant.now(), null, true, false));

            assertThat(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "").body()).contains(ref);

            assertThat(bases.pending("watch-done")).isEmpty();
        }
    }

    @Autowired
    VersionHistory versions;
    @Autowired
    RunHistory runs;
    @Autowired
    PatchRuns patchRuns;

    @Test
    void watchSchedule_checksBasesByItself(Engine engine) throws Exception {
        try (RegistryPusher registry = new RegistryPusher()) {
            String repository = RegistryPusher.uniqueRepository("watch-sched");
            Digest digest = registry.push(repository, "stable");
            String ref = "127.0.0.1:5000/" + repository + ":stable";

            pipelineOn("watch-sched", ref, "watchEvery: PT1S\n");

            BaseState checked = await("the watch trigger to check the base").atMost(Duration.ofSeconds(15))
                    .until(() -> state(ref), Objects::nonNull);
            assertThat(checked.digest()).isEqualTo(digest.value());
        }
    }

    @Test
    void check_ofUnreachableRegistry_recordsClearError(Engine engine) throws Exception {
        String ref = "127.0.0.1:9/nothing/here:1";
        pipelineOn("watch-down", ref, "");

        client.postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "");

        assertThat(state(ref).problem()).contains("127.0.0.1:9");
        assertThat(state(ref).digest()).isNull();
    }

    private BaseState state(String ref) {
        List<BaseState> all = bases.bases();
        return all.stream().filter(b -> b.ref().equals(ref)).findFirst().orElse(null);
    }
}
