package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline with {@code rollout.snapshotVolumes: true}, run by the app on the real engine: the rollover to a version that
 * migrates the data keeps a snapshot with the version it left, the image page shows it, and a rollback through the API
 * with {@code restoreData} gives the volume back exactly what the old version left.
 */
@EngineTest
class SnapshotEndToEndTest extends AppTestBase {

    private static final String SERVE = "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait";

    private static Engine engine;
    private static GitRepos repo;
    private static String base;
    private static String prefix;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    VersionHistory versions;

    @BeforeAll
    static void repository(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        ImageRef ref = engine.makeBase("base", "stable");
        base = ref.familiarName() + ":stable";
        repo = GitRepos.init(Files.createTempDirectory("patchrun-snapshot-e2e").resolve("db"));
        repo.write("Dockerfile", dockerfile("[ -f /data/schema ] || { echo 1 > /data/schema; mkdir /data/v1; echo kept > /data/v1/file; }"))
                .commit("v1 creates schema 1");
    }

    @AfterAll
    static void removeContainersAndVolume() {
        DockerClient docker = engine.docker();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()
                .forEach(container -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
        docker.removeVolumeCmd(prefix + "-db").exec();
    }

    @Test
    void snapshotPipeline_keepsTheLeftVersionsData_andARollbackWithRestoreDataGivesItBack() throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("snapshot-e2e.yml"), """
                name: snapshot-e2e
                repositories:
                  - url: %s
                    images:
                      - name: %s/db
                        rollout: { stopTimeout: PT2S, healthTimeout: PT15S, snapshotVolumes: true }
                """.formatted(repo.path(), prefix));
        pipelines.reload();
        assertThat(pipelines.find("snapshot-e2e")).as("pipeline errors: %s", pipelines.errors()).isPresent();
        assertThat(runAndWait().status()).isEqualTo(RunStatus.SUCCEEDED);
        String image = prefix + "/db";
        ImageVersion v1 = versions.versions(image).get(0);
        String container = start();
        awaitOutput(container, "cat /data/schema", "1\n");
        String v1Data = engine.exec(container, "ls", "-lnR", "--full-time", "/data");
        repo.write("Dockerfile", dockerfile("echo 2 > /data/schema; echo v2 > /data/added; mv /data/v1 /data/renamed")).commit("v2 migrates");

        Run up = runAndWait();

        assertThat(up.status()).as(up.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(up.images().get(0).status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/runs/" + up.id()).body()).as("the run page's rollover of the container")
                .containsPattern("snapshot of 1 volume \\([0-9]+ bytes\\) added [0-9.]+ m?s to the outage");
        awaitOutput(container, "cat /data/schema", "2\n");
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/images/" + prefix + "--db").body()).contains("<th>Data snapshot</th>")
                .containsPattern("<td class=\"snapshot\">[0-9.]+ (B|KB)</td>");

        // As a script asks, with no session of the pages read above.
        HttpResponse<String> asked = new AppClient(port).postJsonAs("admin", ADMIN_PASSWORD, "/api/images/" + prefix + "--db/rollback",
                "{\"tag\":\"" + v1.tag() + "\",\"restoreData\":true}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        long id = Long.parseLong(asked.body().replaceAll("\\D", ""));
        Run back = runs.await(id, Duration.ofMinutes(3));

        assertThat(back.status()).as(back.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(engine.exec(container, "cat", "/data/schema")).isEqualTo("1\n");
        assertThat(engine.exec(container, "ls", "-lnR", "--full-time", "/data")).isEqualTo(v1Data);
    }

    private static String dockerfile(String migration) {
        return "FROM " + base + "\nRUN mkdir -p /www && echo db > /www/index.html\n"
                + "CMD [\"sh\", \"-c\", \"" + migration + "; " + SERVE + "\"]\n";
    }

    private Run runAndWait() throws InterruptedException {
        long id = runs.start("snapshot-e2e", new RunRequest(List.of(), true), "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static String start() {
        DockerClient docker = engine.docker();
        String id = docker.createContainerCmd(prefix + "/db:latest").withName(prefix + "-db").withLabels(Map.copyOf(engine.labels()))
                .withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(prefix + "-db:/data"))).exec().getId();
        docker.startContainerCmd(id).exec();
        return prefix + "-db";
    }

    private static void awaitOutput(String container, String command, String expected) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> engine.exec(container, "sh", "-c", command + " 2>/dev/null || true").equals(expected));
    }
}
