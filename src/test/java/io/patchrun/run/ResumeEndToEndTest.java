package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming a run whose one image failed for a reason outside the image: it is built FROM a base that is
 * not in the registry yet. Once the test publishes that base, the resumed run builds the failed image and
 * the one built on it, from the same commit, and leaves the image that passed as it was.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResumeEndToEndTest extends AppTestBase {

    private static final String PIPELINE = "resume-e2e";

    private static Engine engine;
    private static String prefix;
    private static GitRepos repo;
    private static long failedRun;
    private static long resumedRun;
    private static ImageVersion appBefore;

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    PatchRuns runs;
    @Autowired
    VersionHistory versions;

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        ImageRef base = engine.makeBase("base", "stable");
        repo = GitRepos.init(Files.createTempDirectory("patchrun-resume").resolve("fleet"))
                .write("app/Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN echo app > /app\n")
                .write("tool/Dockerfile", "FROM " + engine.registryName("extra") + ":1\nRUN echo tool > /tool\n")
                .write("cli/Dockerfile", "FROM " + prefix + "/tool\nRUN echo cli > /cli\n");
        repo.commit("fleet");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(PIPELINE + ".yml"), """
                name: %s
                repositories:
                  - url: %s
                    images:
                      - { name: %s/app, dockerfile: app/Dockerfile, rollout: { stopTimeout: PT1S, healthTimeout: PT15S } }
                      - { name: %s/tool, dockerfile: tool/Dockerfile }
                      - { name: %s/cli, dockerfile: cli/Dockerfile }
                """.formatted(PIPELINE, repo.path(), prefix, prefix, prefix));
    }

    @AfterAll
    static void removePipeline() throws Exception {
        Files.deleteIfExists(pipelinesDir().resolve(PIPELINE + ".yml"));
    }

    @Test
    @Order(1)
    void runWhoseOneImageCannotBeBuiltYet_isPartial() throws Exception {
        pipelines.reload();
        assertThat(pipelines.find(PIPELINE)).as("pipeline errors: %s", pipelines.errors()).isPresent();

        Run run = await(client.postAs("admin", ADMIN_PASSWORD, "/api/pipelines/" + PIPELINE + "/runs"));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.PARTIAL);
        assertThat(image(run, "app").status()).isEqualTo(ImageStatus.BUILT);
        assertThat(image(run, "tool").status()).isEqualTo(ImageStatus.FAILED);
        assertThat(image(run, "cli").status()).isEqualTo(ImageStatus.SKIPPED);
        failedRun = run.id();
        appBefore = versions.current(prefix + "/app").orElseThrow();
        assertThat(appBefore.runId()).isEqualTo(failedRun);
    }

    @Test
    @Order(2)
    void resume_isForAdminsOnly_andOfAnUnknownRunIs404() {
        HttpResponse<String> asViewer = client.postAs("viewer", VIEWER_PASSWORD, "/api/runs/" + failedRun + "/resume");
        HttpResponse<String> unknown = client.postAs("admin", ADMIN_PASSWORD, "/api/runs/999999/resume");

        assertThat(asViewer.statusCode()).isEqualTo(403);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("there is no run 999999");
    }

    @Test
    @Order(3)
    void resume_onceTheMissingBaseIsThere_buildsWhatFailed_andLeavesWhatPassed() throws Exception {
        engine.makeBase("extra", "1");

        HttpResponse<String> response = client.postAs("admin", ADMIN_PASSWORD, "/api/runs/" + failedRun + "/resume");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run run = await(response);
        resumedRun = run.id();
        assertThat(resumedRun).as("a new run that continues the failed one").isNotEqualTo(failedRun);
        assertThat(run.resumes()).isEqualTo(failedRun);
        assertThat(run.trigger()).isEqualTo("resume");
        assertThat(run.requestedBy()).isEqualTo("admin");
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage app = image(run, "app");
        assertThat(app.status()).isEqualTo(ImageStatus.UNCHANGED);
        assertThat(app.tag()).isEqualTo(appBefore.tag());
        assertThat(app.message()).contains("passed in run " + failedRun);
        assertThat(versions.versions(prefix + "/app")).as("not built again").containsExactly(appBefore);
        assertThat(engine.docker().inspectImageCmd(prefix + "/app:latest").exec().getId()).isEqualTo(appBefore.imageId());
        for (String name : new String[] {"tool", "cli"}) {
            RunImage built = image(run, name);
            assertThat(built.status()).as(built.toString()).isEqualTo(ImageStatus.BUILT);
            assertThat(built.commit()).as("the commit the failed run planned").isEqualTo(repo.head());
            ImageVersion current = versions.current(prefix + "/" + name).orElseThrow();
            assertThat(current.runId()).isEqualTo(resumedRun);
            assertThat(current.tag()).isEqualTo(built.tag());
            assertThat(engine.docker().inspectImageCmd(prefix + "/" + name + ":" + built.tag()).exec().getId()).isEqualTo(current.imageId());
        }
        assertThat(runs.await(failedRun, Duration.ZERO).status()).as("the failed run keeps its record").isEqualTo(RunStatus.PARTIAL);
    }

    @Test
    @Order(4)
    void resume_ofARunAlreadyContinued_orOfOneThatSucceeded_isRefusedSayingWhy() {
        HttpResponse<String> again = client.postAs("admin", ADMIN_PASSWORD, "/api/runs/" + failedRun + "/resume");
        HttpResponse<String> succeeded = client.postAs("admin", ADMIN_PASSWORD, "/api/runs/" + resumedRun + "/resume");

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("run " + resumedRun + " came after it");
        assertThat(succeeded.statusCode()).isEqualTo(400);
        assertThat(succeeded.body()).contains("ended SUCCEEDED: only a FAILED or PARTIAL run can be resumed");
    }

    @Test
    @Order(5)
    void runPage_ofTheFailedRun_linksTheRunThatResumedIt() {
        HttpResponse<String> page = client.getAs("admin", ADMIN_PASSWORD, "/runs/" + failedRun);

        assertThat(page.body()).contains("Resumed by").contains("href=\"/runs/" + resumedRun + "\"").doesNotContain("id=\"resume-run\"");
    }

    @Test
    @Order(6)
    void resume_ofARunStoppedDuringARollout_rollsTheBuiltVersionOutWithoutBuildingIt(@TempDir Path context) throws Exception {
        DockerClient docker = engine.docker();
        String container = prefix + "-app-1";
        docker.startContainerCmd(docker.createContainerCmd(prefix + "/app:" + appBefore.tag()).withName(container)
                .withLabels(engine.labels()).withCmd("sleep", "3600").exec().getId()).exec();
        // What a stopped Patchrun leaves: a version built and smoke-tested, recorded but not current yet, its
        // image BUILT in a run that start-up then marked FAILED.
        String tag = "20261201-030000-zz";
        Files.writeString(context.resolve("Dockerfile"), "FROM " + prefix + "/app:" + appBefore.tag() + "\nRUN echo v2 > /v2\n");
        String built = docker.inspectImageCmd(engine.build(context, prefix + "/app:" + tag)).exec().getId();
        long stopped = runHistory.queue(PIPELINE, "schedule", null, List.of(prefix + "/app", prefix + "/tool", prefix + "/cli"));
        runHistory.started(stopped);
        versions.add(new ImageVersion(prefix + "/app", tag, built, appBefore.baseDigest(), appBefore.commit(), Instant.now(), stopped, false, false));
        runHistory.image(stopped, new RunImage(prefix + "/app", ImageStatus.BUILT, tag, appBefore.baseDigest(), appBefore.commit(), 900L,
                List.of(), null));
        for (String name : List.of("tool", "cli")) {
            ImageVersion current = versions.current(prefix + "/" + name).orElseThrow();
            runHistory.image(stopped, new RunImage(prefix + "/" + name, ImageStatus.UNCHANGED, current.tag(), current.baseDigest(),
                    current.commit(), null, List.of(), null));
        }
        runHistory.abandonActive("Patchrun stopped while this run was going; start it again");

        Run run = await(client.postAs("admin", ADMIN_PASSWORD, "/api/runs/" + stopped + "/resume"));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage app = image(run, "app");
        assertThat(app.status()).as(app.toString()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(app.tag()).isEqualTo(tag);
        assertThat(app.containers()).containsExactly(container);
        assertThat(docker.inspectContainerCmd(container).exec().getImageId()).isEqualTo(built);
        assertThat(versions.current(prefix + "/app").orElseThrow().tag()).isEqualTo(tag);
        assertThat(versions.versions(prefix + "/app")).as("nothing built").hasSize(2);
        assertThat(image(run, "tool").status()).isEqualTo(ImageStatus.UNCHANGED);
        assertThat(image(run, "cli").status()).isEqualTo(ImageStatus.UNCHANGED);
    }

    @Autowired
    RunHistory runHistory;

    private Run await(HttpResponse<String> started) throws InterruptedException {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Long.parseLong(started.body().replaceAll("\\D", ""));
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static RunImage image(Run run, String name) {
        return run.images().stream().filter(i -> i.name().equals(prefix + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in run " + run));
    }
}
