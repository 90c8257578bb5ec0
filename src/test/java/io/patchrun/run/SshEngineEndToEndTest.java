package io.patchrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.status.EngineProbes;
import io.patchrun.status.EngineStatus;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SshGitServer;

/**
 * The whole app driving its engine as {@code patchrun.docker.host=ssh://root@127.0.0.1:PORT}, through a real sshd
 * whose {@code docker} CLI reaches the machine's engine: a run builds and smoke-tests an image (its build context sent
 * and its build output streamed through the tunnel), and the health page names the SSH engine as answering.
 */
@EngineTest
class SshEngineEndToEndTest extends AppTestBase {

    private static Engine engine;
    private static SshGitServer server;
    private static Path key;
    private static Path knownHosts;
    private static Path repos;
    private static Path dir;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    EngineProbes engineProbes;

    @BeforeAll
    static void sshServer(Engine realEngine) throws Exception {
        engine = realEngine;
        dir = Files.createTempDirectory("patchrun-e2e-sshd");
        server = SshGitServer.start(dir.resolve("sshd"));
        key = SshGitServer.newKey(dir.resolve("id_ed25519"), "ed25519", "");
        server.authorize(key);
        knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        repos = dir.resolve("repos");
    }

    @DynamicPropertySource
    static void sshEngine(DynamicPropertyRegistry registry) {
        registry.add("patchrun.docker.host", () -> "ssh://root@127.0.0.1:" + server.port());
        registry.add("patchrun.docker.ssh-key", () -> key.toString());
        registry.add("patchrun.docker.known-hosts", () -> knownHosts.toString());
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    @Test
    void aRunBuildsAndSmokeTestsThroughSsh_andTheHealthPageNamesTheSshEngine() throws Exception {
        String prefix = engine.token();
        ImageRef base = engine.makeBase("base", "stable");
        GitRepos web = GitRepos.withFiles(repos.resolve("web"), Map.of("Dockerfile",
                "FROM " + base.familiarName() + ":stable\nRUN seq 1 20000 && echo built over ssh > /etc/web\nCMD [\"cat\", \"/etc/web\"]\n"));
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("ssh-engine.yml"), """
                name: ssh-engine
                repositories:
                  - url: %s
                    images:
                      - name: %s/web
                """.formatted(web.path(), prefix));
        pipelines.reload();
        assertThat(pipelines.find("ssh-engine")).as("pipeline errors: %s", pipelines.errors()).isPresent();

        HttpResponse<String> started = client.postAs("admin", ADMIN_PASSWORD, "/api/pipelines/ssh-engine/runs");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        Run run = runs.await(Long.parseLong(started.body().replaceAll("\\D", "")), Duration.ofMinutes(3));

        RunImage built = run.images().stream().filter(image -> image.name().equals(prefix + "/web")).findFirst().orElseThrow();
        assertThat(built.status()).as(run.toString()).isEqualTo(ImageStatus.BUILT);
        assertThat(engine.docker().inspectImageCmd(prefix + "/web:latest").exec().getId()).isNotBlank();

        HttpResponse<String> health = client.getAs("admin", ADMIN_PASSWORD, "/health");
        assertThat(health.body()).contains("ssh://root@127.0.0.1:" + server.port());
        EngineStatus status = engineProbes.probes().get(0).probe();
        assertThat(status.answers()).as(status.problem()).isTrue();
        assertThat(status.version()).isEqualTo(engine.docker().versionCmd().exec().getVersion());
        assertThat(server.log()).contains("Accepted publickey for root");
    }
}
