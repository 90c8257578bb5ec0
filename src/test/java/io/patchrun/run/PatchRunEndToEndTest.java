package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.LocalHttp;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story of a fleet patched for real: a base in the local registry, a platform image FROM it, two web
 * apps FROM the platform and an unrelated tool FROM the base, all in Git; app containers running with a
 * rich configuration. Each test builds on the one before.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatchRunEndToEndTest extends AppTestBase {

    private static Engine engine;
    private static Path repos;
    private static GitRepos platformRepo;
    private static GitRepos appsRepo;
    private static ImageRef base;
    private static String prefix;
    private static String webContainer;
    private static InspectContainerResponse webBefore;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    VersionHistory versions;

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        base = engine.makeBase("base", "stable");
        repos = Files.createTempDirectory("patchrun-e2e");
        platformRepo = GitRepos.init(repos.resolve("platform"))
                .write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo platform > /etc/platform\n");
        platformRepo.commit("platform");
        appsRepo = GitRepos.init(repos.resolve("apps"))
                .write("web/Dockerfile", webDockerfile("web v1", ""))
                .write("api/Dockerfile", "FROM " + prefix + "/platform\nRUN echo api > /www/index.html\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n")
                .write("tool/Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN echo tool > /etc/tool\n");
        appsRepo.commit("apps");
    }

    private static String webDockerfile(String body, String extra) {
        return "FROM " + prefix + "/platform\nRUN echo '" + body + "' > /www/index.html\n" + extra
                + "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n";
    }

    private void writePipeline() throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("e2e.yml"), """
                name: e2e
                retain: 1
                parallel: { builds: 2, rollouts: 2 }
                repositories:
                  - url: %s
                    images:
                      - name: %s/platform
                  - url: %s
                    images:
                      - name: %s/web
                        dockerfile: web/Dockerfile
                        smoke:
                          http: { port: 8080, path: /, status: 200 }
                          timeout: PT20S
                        rollout: { stopTimeout: PT1S, healthTimeout: PT15S }
                      - name: %s/api
                        dockerfile: api/Dockerfile
                        rollout: { stopTimeout: PT1S, healthTimeout: PT15S }
                      - name: %s/tool
                        dockerfile: tool/Dockerfile
                """.formatted(repos.resolve("platform"), prefix, repos.resolve("apps"), prefix, prefix, prefix));
        pipelines.reload();
        assertThat(pipelines.find("e2e")).as("pipeline errors: %s", pipelines.errors()).isPresent();
    }

    private Run runAndWait(RunRequest request) throws InterruptedException {
        long id = runs.start("e2e", request, "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static RunImage image(Run run, String name) {
        return run.images().stream().filter(i -> i.name().equals(prefix + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in run " + run));
    }

    @Test
    @Order(1)
    void forcedRun_buildsEveryImageInOrder() throws Exception {
        writePipeline();

        Run run = runAndWait(new RunRequest(List.of(), true));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.images()).extracting(RunImage::name).containsExactly(prefix + "/platform", prefix + "/tool", prefix + "/api", prefix + "/web");
        assertThat(run.images()).extracting(RunImage::status).containsOnly(ImageStatus.BUILT);
        assertThat(image(run, "web").baseDigest()).isEqualTo(base.digest().value());
        assertThat(image(run, "web").commit()).isEqualTo(appsRepo.head());
        Map<String, String> labels = engine.docker().inspectImageCmd(prefix + "/web:latest").exec().getConfig().getLabels();
        assertThat(labels).containsEntry("io.patchrun.pipeline", "e2e").containsEntry("io.patchrun.run", String.valueOf(run.id()))
                .containsEntry("org.opencontainers.image.revision", appsRepo.head())
                .containsKey("org.opencontainers.image.created");
        assertThat(baseChecks.check("e2e")).as("the run recorded the digest it built on: no change").isEmpty();
    }

    @Test
    @Order(2)
    void newBaseDigest_rebuildsAffectedImages_andRollsContainersOverWithConfigIntact() throws Exception {
        DockerClient docker = engine.docker();
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        webContainer = prefix + "-web-1";
        String id = docker.createContainerCmd(prefix + "/web:latest").withName(webContainer)
                .withLabels(Map.of(Engine.TEST_LABEL, prefix, "team", "storefront"))
                .withEnv("MODE=live", "GREETING=hello")
                .withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports).withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                        .withMemory(64L * 1024 * 1024))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        webBefore = docker.inspectContainerCmd(webContainer).exec();
        String oldImage = webBefore.getImageId();
        assertThat(get(webBefore)).isEqualTo("web v1\n");

        ImageRef republished = engine.republish(base, "2");
        assertThat(republished.digest()).isNotEqualTo(base.digest());
        runsWithChangedBase();
        Run run = runAndWait(RunRequest.PENDING);

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.images()).extracting(RunImage::name).containsExactlyInAnyOrder(prefix + "/platform", prefix + "/tool", prefix + "/api", prefix + "/web");
        assertThat(image(run, "web").status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(image(run, "web").containers()).containsExactly(webContainer);
        assertThat(image(run, "web").baseDigest()).isEqualTo(republished.digest().value());
        InspectContainerResponse after = docker.inspectContainerCmd(webContainer).exec();
        assertThat(after.getImageId()).isNotEqualTo(oldImage).isEqualTo(docker.inspectImageCmd(prefix + "/web:latest").exec().getId());
        assertThat(after.getConfig().getEnv()).contains("MODE=live", "GREETING=hello");
        assertThat(after.getConfig().getLabels()).containsEntry("team", "storefront");
        assertThat(after.getHostConfig().getPortBindings().getBindings().get(http)[0].getHostIp()).isEqualTo("127.0.0.1");
        assertThat(after.getNetworkSettings().getPorts().getBindings().get(http)[0].getHostPortSpec())
                .as("the host port the engine chose is kept").isEqualTo(webBefore.getNetworkSettings().getPorts().getBindings().get(http)[0].getHostPortSpec());
        assertThat(after.getHostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(after.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(after.getState().getRunning()).isTrue();
        assertThat(get(after)).isEqualTo("web v1\n");
        RolloutLog.Entry journal = rolloutLog.of(webContainer).get(0);
        assertThat(journal.result()).isEqualTo("DEPLOYED");
        assertThat(journal.snapshot()).as("the configuration recorded before the change").contains("MODE=live");
    }

    @Autowired
    RolloutLog rolloutLog;

    private void runsWithChangedBase() {
        // What the watch schedule does: the base check notices the new digest and marks the pipeline pending.
        assertThat(baseChecks.check("e2e")).contains(base.familiarName() + ":stable");
    }

    @Autowired
    BaseChecks baseChecks;

    @Test
    @Order(3)
    void failingBuild_skipsItsDependentsOnly() throws Exception {
        platformRepo.write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN exit 3\n").commit("break platform");

        Run run = runAndWait(new RunRequest(List.of(), true));

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(image(run, "platform").status()).isEqualTo(ImageStatus.FAILED);
        assertThat(image(run, "platform").message()).contains("exit code 3");
        assertThat(image(run, "web").status()).isEqualTo(ImageStatus.SKIPPED);
        assertThat(image(run, "api").status()).isEqualTo(ImageStatus.SKIPPED);
        assertThat(image(run, "tool").status()).isEqualTo(ImageStatus.BUILT);
        platformRepo.write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo platform > /etc/platform\n").commit("fix platform");
    }

    @Test
    @Order(4)
    void failingSmokeTest_rollsNothingOut() throws Exception {
        String before = engine.docker().inspectContainerCmd(webContainer).exec().getImageId();
        appsRepo.write("web/Dockerfile", "FROM " + prefix + "/platform\nRUN rm -rf /www\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n").commit("web without pages");

        Run run = runAndWait(new RunRequest(List.of(prefix + "/web"), true));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(image(run, "web").status()).isEqualTo(ImageStatus.FAILED);
        assertThat(image(run, "web").message()).contains("smoke test of " + prefix + "/web failed");
        assertThat(engine.docker().inspectContainerCmd(webContainer).exec().getImageId()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void newVersionFailingHealthOnLiveContainer_isRolledBackToOldVersion() throws Exception {
        String before = engine.docker().inspectContainerCmd(webContainer).exec().getImageId();
        // Healthy in the smoke test's throwaway container, unhealthy where MODE=live: only the live rollover fails.
        appsRepo.write("web/Dockerfile", webDockerfile("web v2",
                "HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD test \"$MODE\" != live\n")).commit("web v2");

        Run run = runAndWait(new RunRequest(List.of(prefix + "/web"), true));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(image(run, "web").status()).isEqualTo(ImageStatus.ROLLED_BACK);
        assertThat(image(run, "web").message()).contains(webContainer);
        InspectContainerResponse now = engine.docker().inspectContainerCmd(webContainer).exec();
        assertThat(now.getImageId()).isEqualTo(before);
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(get(now)).isEqualTo("web v1\n");
        assertThat(engine.docker().inspectImageCmd(prefix + "/web:latest").exec().getId()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void retention_keepsCurrentAndExactlyRetainPriorVersions() throws Exception {
        appsRepo.write("web/Dockerfile", webDockerfile("web v3", "")).commit("web v3");
        Run run = runAndWait(new RunRequest(List.of(prefix + "/web"), true));
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(image(run, "web").baseDigest()).as("inherited from the platform version it is built on")
                .isNotNull().isEqualTo(versions.current(prefix + "/platform").orElseThrow().baseDigest());

        List<ImageVersion> kept = versions.versions(prefix + "/web").stream().filter(v -> !v.pruned()).toList();
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).current()).isTrue();
        List<String> tagsOnEngine = engine.docker().listImagesCmd().exec().stream()
                .filter(i -> i.getRepoTags() != null).flatMap(i -> List.of(i.getRepoTags()).stream())
                .filter(t -> t.startsWith(prefix + "/web:") && !t.endsWith(":latest")).sorted().toList();
        assertThat(tagsOnEngine).containsExactlyInAnyOrderElementsOf(kept.stream().map(v -> prefix + "/web:" + v.tag()).toList());
        assertThat(get(engine.docker().inspectContainerCmd(webContainer).exec())).isEqualTo("web v3\n");
    }

    @Test
    @Order(7)
    void manualRollback_putsContainersOnPreviousVersion_andIsRecordedAsARun() throws Exception {
        List<ImageVersion> kept = versions.versions(prefix + "/web").stream().filter(v -> !v.pruned()).toList();
        ImageVersion previous = kept.get(1);

        HttpResponse<String> response = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/images/" + prefix + "--web/rollback", "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        long id = Long.parseLong(response.body().replaceAll("\\D", ""));
        Run run = runs.await(id, Duration.ofMinutes(2));
        assertThat(run.trigger()).isEqualTo("rollback");
        assertThat(run.requestedBy()).isEqualTo("admin");
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        InspectContainerResponse now = engine.docker().inspectContainerCmd(webContainer).exec();
        assertThat(now.getImageId()).isEqualTo(previous.imageId());
        assertThat(versions.current(prefix + "/web")).map(ImageVersion::tag).contains(previous.tag());
        assertThat(get(now)).isEqualTo("web v1\n");
    }

    @Test
    @Order(8)
    void rollbackToPrunedVersion_isRefusedWithClearMessage() {
        String pruned = versions.versions(prefix + "/web").stream().filter(ImageVersion::pruned).map(ImageVersion::tag).findFirst().orElseThrow();

        HttpResponse<String> response = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/images/" + prefix + "--web/rollback",
                "{\"tag\":\"" + pruned + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("was pruned").contains("roll back to one of");
    }

    private static String get(InspectContainerResponse container) throws Exception {
        return LocalHttp.answer(LocalHttp.publishedPort(container, 8080), Duration.ofSeconds(10));
    }
}
