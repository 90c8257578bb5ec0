package io.patchrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.patchrun.build.BuildLabels;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.source.HttpGitServer;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

/**
 * A pipeline whose repository URL carries a user name and password, served over HTTP behind Basic: the images are
 * built from it, and the password shows nowhere: not in the image's source label, the run, the plan, the run page
 * or the log.
 */
@EngineTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsEndToEndTest extends AppTestBase {

    private static final String SECRET = "gh0-t0ken-s3cret";

    private static Engine engine;
    private static String prefix;
    private static HttpGitServer server;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;

    @BeforeAll
    static void repository(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        ImageRef base = engine.makeBase("base", "stable");
        Path repos = Files.createTempDirectory("patchrun-secrets");
        GitRepos web = GitRepos.withFiles(repos.resolve("web"), Map.of("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN echo web > /etc/web\n"));
        server = new HttpGitServer(web.path(), "bot", SECRET);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRepositoryUrlsPassword_isUsedToFetch_andShownNowhere(CapturedOutput output) throws Exception {
        String withLogin = server.url().replace("http://", "http://bot:" + SECRET + "@");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("secrets.yml"), """
                name: secrets
                repositories:
                  - url: %s
                    images:
                      - name: %s/web
                      - name: %s/lost
                        dockerfile: lost/Dockerfile
                """.formatted(withLogin, prefix, prefix));
        pipelines.reload();
        assertThat(pipelines.find("secrets")).as("pipeline errors: %s", pipelines.errors()).isPresent();

        HttpResponse<String> started = client.postAs("admin", ADMIN_PASSWORD, "/api/pipelines/secrets/runs");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Long.parseLong(started.body().replaceAll("\\D", ""));
        Run run = runs.await(id, Duration.ofMinutes(3));

        RunImage web = run.images().stream().filter(i -> i.name().equals(prefix + "/web")).findFirst().orElseThrow();
        RunImage lost = run.images().stream().filter(i -> i.name().equals(prefix + "/lost")).findFirst().orElseThrow();
        assertThat(web.status()).as(run.toString()).isEqualTo(ImageStatus.BUILT);
        assertThat(lost.status()).isEqualTo(ImageStatus.FAILED);
        assertThat(lost.message()).contains("no lost/Dockerfile in " + server.url() + " at ");
        assertThat(server.authorizations()).as("Git fetched with the URL's login").contains(
                "Basic " + java.util.Base64.getEncoder().encodeToString(("bot:" + SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        Map<String, String> labels = engine.docker().inspectImageCmd(prefix + "/web:latest").exec().getConfig().getLabels();
        assertThat(labels).containsEntry(BuildLabels.SOURCE, server.url());
        assertThat(labels.toString()).doesNotContain(SECRET).doesNotContain("bot:");

        for (String path : new String[] {"/api/runs/" + id, "/api/runs", "/api/pipelines/secrets/plan", "/runs/" + id, "/health"}) {
            HttpResponse<String> answer = client.getAs("admin", ADMIN_PASSWORD, path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).doesNotContain(SECRET);
        }
        assertThat(client.getAs("admin", ADMIN_PASSWORD, "/api/pipelines/secrets/plan").body()).contains(server.url());
        assertThat(output.getAll()).as("the log").doesNotContain(SECRET);
    }
}
