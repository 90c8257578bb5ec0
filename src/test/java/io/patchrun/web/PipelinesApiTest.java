package io.patchrun.web;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipelines API, the plan, and the errors of run requests, on the whole app. */
class PipelinesApiTest extends AppTestBase {

    @Autowired
    PipelineFolder pipelines;

    @TempDir
    Path tmp;

    @AfterEach
    void removePipelines() throws Exception {
        try (var files = Files.list(pipelinesDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("api-")).toList()) {
                Files.delete(file);
            }
        }
        pipelines.reload();
    }

    private void pipeline(String file, String yaml) throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(file), yaml);
        pipelines.reload();
    }

    private Path fleetRepo() {
        GitRepos repo = GitRepos.init(tmp.resolve("fleet"))
                .write("platform/Dockerfile", "ARG BASE=127.0.0.1:5000/api-test/base:stable\nFROM ${BASE}\nRUN true\n")
                .write("web/Dockerfile", "FROM api/platform AS build\nRUN true\nFROM api/platform\nCOPY --from=build /x /x\n")
                .write("job/Dockerfile", "FROM debian:12@sha256:" + "a".repeat(64) + "\n");
        repo.commit("fleet");
        return repo.path();
    }

    @Test
    void pipelines_listNameImagesScheduleAndNextRun() throws Exception {
        pipeline("api-list.yml", """
                name: api-list
                schedule: "0 0 3 * * ?"
                repositories:
                  - url: %s
                    images:
                      - { name: api/platform, dockerfile: platform/Dockerfile }
                      - { name: api/web, dockerfile: web/Dockerfile }
                """.formatted(fleetRepo()));

        String body = client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines").body();

        assertThat(body).contains("\"name\":\"api-list\"").contains("\"images\":[\"api/platform\",\"api/web\"]")
                .contains("\"schedule\":\"0 0 3 * * ?\"").contains("\"file\":").containsPattern("\"nextRunAt\":\"20\\d\\d-");
    }

    @Test
    void plan_givesBasesEdgesLevelsAndPinnedBases() throws Exception {
        pipeline("api-plan.yml", """
                name: api-plan
                repositories:
                  - url: %s
                    images:
                      - { name: api/web, dockerfile: web/Dockerfile }
                      - { name: api/platform, dockerfile: platform/Dockerfile }
                      - { name: api/job, dockerfile: job/Dockerfile }
                """.formatted(fleetRepo()));

        HttpResponse<String> response = client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines/api-plan/plan");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"bases\":[\"127.0.0.1:5000/api-test/base:stable\",\"debian:12@sha256:aaaa")
                .contains("{\"from\":\"api/platform\",\"to\":\"api/web\"}")
                .contains("{\"from\":\"127.0.0.1:5000/api-test/base:stable\",\"to\":\"api/platform\"}")
                .contains("\"levels\":[[\"api/job\",\"api/platform\"],[\"api/web\"]]")
                .containsPattern("\\{\"name\":\"api/job\",\"bases\":\\[\"debian:12@sha256:a+\"],\"pinned\":true");
    }

    @Test
    void plan_ofUnknownPipeline_is404() {
        HttpResponse<String> response = client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines/nope/plan");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no pipeline 'nope'");
    }

    @Test
    void brokenPipelineFile_isListedWithFileLineAndField_andLeftOut() throws Exception {
        pipeline("api-broken.yml", "name: api-broken\nretain: -2\nrepositories:\n  - url: /x\n    images: [{ name: api/x }]\n");

        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines").body()).doesNotContain("api-broken");
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines/errors").body())
                .contains("api-broken.yml").contains("\"line\":2").contains("\"field\":\"retain\"");
    }

    @Test
    void startRun_refusesUnknownPipelineAndImage_andViewer() throws Exception {
        pipeline("api-run.yml", "name: api-run\nrepositories:\n  - url: %s\n    images: [{ name: api/platform, dockerfile: platform/Dockerfile }]\n"
                .formatted(fleetRepo()));

        assertThat(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/nope/runs", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> badImage = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/api-run/runs", "{\"images\":[\"api/nope\"]}");
        assertThat(badImage.statusCode()).isEqualTo(400);
        assertThat(badImage.body()).contains("has no image [api/nope]").contains("api/platform");
        assertThat(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/api-run/runs", "{\"force\":\"maybe\"}").statusCode()).isEqualTo(400);
        assertThat(client.postJsonAs("viewer", VIEWER_PASSWORD, "/api/pipelines/api-run/runs", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void startRun_whileOneIsActive_is409() throws Exception {
        // A Git server that answers only when the test is done keeps the first run in its resolve step.
        CountDownLatch done = new CountDownLatch(1);
        HttpServer slowGit = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowGit.createContext("/", exchange -> {
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        slowGit.start();
        try {
            pipeline("api-busy.yml", "name: api-busy\nrepositories:\n  - url: http://127.0.0.1:%d/repo.git\n    images: [{ name: api/busy }]\n"
                    .formatted(slowGit.getAddress().getPort()));

            HttpResponse<String> first = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/api-busy/runs", "{\"force\":true}");
            HttpResponse<String> second = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/api-busy/runs", "{}");

            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(first.body()).matches("\\{\"id\":\\d+}");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("\"error\":\"conflict\"").contains("is still going");
        } finally {
            done.countDown();
            slowGit.stop(0);
        }
    }
}
