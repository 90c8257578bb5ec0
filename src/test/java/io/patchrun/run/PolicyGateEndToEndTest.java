package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

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
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy gate against the real engine: containers of one image that mount the host's root, mount the Docker
 * socket or add SYS_ADMIN are refused and keep running their old image, with the refusal on the run's image record,
 * while the image's other containers roll over and the run succeeds; a container its pipeline allows the socket goes
 * through, recorded; the health page lists the refused ones with no run going; a rollback is refused the same way.
 * (A privileged container cannot start on this machine's engine; its decision is tested on recorded inspect data.)
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyGateEndToEndTest extends AppTestBase {

    private static final String PIPELINE = "policy-e2e";

    private static Engine engine;
    private static String prefix;
    private static final Map<String, String> idsBefore = new HashMap<>();
    private static String firstImageId;

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    PatchRuns runs;
    @Autowired
    VersionHistory versions;
    @Autowired
    RolloutLog rolloutLog;

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        ImageRef base = engine.makeBase("base", "stable");
        GitRepos repo = GitRepos.init(Files.createTempDirectory("patchrun-policy").resolve("app"))
                .write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN echo app > /app\nCMD [\"sleep\", \"3600\"]\n");
        repo.commit("app");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(PIPELINE + ".yml"), """
                name: %s
                policy:
                  allow:
                    - { container: %s-agent, reason: docker-socket }
                repositories:
                  - url: %s
                    images:
                      - { name: %s/app, rollout: { stopTimeout: PT1S, healthTimeout: PT15S } }
                """.formatted(PIPELINE, prefix, repo.path(), prefix));
    }

    @AfterAll
    static void removePipeline() throws Exception {
        Files.deleteIfExists(pipelinesDir().resolve(PIPELINE + ".yml"));
    }

    private static String name(String container) {
        return prefix + "-" + container;
    }

    private static void runContainer(String container, HostConfig host) {
        DockerClient docker = engine.docker();
        String id = docker.createContainerCmd(prefix + "/app:latest").withName(name(container)).withLabels(engine.labels())
                .withHostConfig(host).exec().getId();
        docker.startContainerCmd(id).exec();
        idsBefore.put(container, id);
    }

    private Run forcedRun() throws InterruptedException {
        long id = runs.start(PIPELINE, new io.patchrun.batch.RunRequest(List.of(), true), "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static RunImage app(Run run) {
        return run.images().stream().filter(i -> i.name().equals(prefix + "/app")).findFirst()
                .orElseThrow(() -> new AssertionError("app not in run " + run));
    }

    private static String imageOf(String container) {
        return engine.docker().inspectContainerCmd(name(container)).exec().getImageId();
    }

    private static String idOf(String container) {
        return engine.docker().inspectContainerCmd(name(container)).exec().getId();
    }

    @Test
    @Order(1)
    void containersThatBreakThePolicy_areListedOnTheHealthPage_withNoRunGoing() throws Exception {
        pipelines.reload();
        assertThat(pipelines.find(PIPELINE)).as("pipeline errors: %s", pipelines.errors()).isPresent();
        Run first = forcedRun();
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        firstImageId = versions.current(prefix + "/app").map(ImageVersion::imageId).orElseThrow();
        runContainer("root", HostConfig.newHostConfig().withBinds(Bind.parse("/:/host:ro")));
        runContainer("sock", HostConfig.newHostConfig().withBinds(Bind.parse("/var/run/docker.sock:/var/run/docker.sock")));
        runContainer("cap", HostConfig.newHostConfig().withCapAdd(Capability.SYS_ADMIN));
        runContainer("agent", HostConfig.newHostConfig().withBinds(Bind.parse("/var/run/docker.sock:/var/run/docker.sock")));
        runContainer("plain", HostConfig.newHostConfig());

        HttpResponse<String> health = client.getAs("viewer", VIEWER_PASSWORD, "/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("3 container(s) refused by the policy")
                .contains("id=\"policy-" + name("root") + "\"").contains("host-path (mounts the host&#39;s root /)")
                .contains("id=\"policy-" + name("sock") + "\"").contains("docker-socket (mounts the Docker socket /var/run/docker.sock)")
                .contains("id=\"policy-" + name("cap") + "\"").contains("capability (adds capability SYS_ADMIN, which is not allowed)")
                .contains("id=\"policy-" + name("agent") + "\"")
                .doesNotContain("id=\"policy-" + name("plain") + "\"");
    }

    @Test
    @Order(2)
    void aRun_leavesRefusedContainersOnTheirOldImage_recordsWhy_andRollsTheOthersOver() throws Exception {
        Run run = forcedRun();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage app = app(run);
        assertThat(app.status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(app.containers()).containsExactly(name("agent"), name("plain"));
        assertThat(app.message())
                .contains(name("root") + ": refused by the policy gate: host-path (mounts the host's root /), docker-socket (mounts /, which holds the Docker socket)")
                .contains(name("sock") + ": refused by the policy gate: docker-socket (mounts the Docker socket /var/run/docker.sock)")
                .contains(name("cap") + ": refused by the policy gate: capability (adds capability SYS_ADMIN, which is not allowed)")
                .contains(name("agent") + ": policy exception used (policy.allow): docker-socket (mounts the Docker socket /var/run/docker.sock)");
        String newImageId = versions.current(prefix + "/app").map(ImageVersion::imageId).orElseThrow();
        assertThat(newImageId).isNotEqualTo(firstImageId);
        for (String refused : List.of("root", "sock", "cap")) {
            assertThat(idOf(refused)).as(refused + " is the same container").isEqualTo(idsBefore.get(refused));
            assertThat(imageOf(refused)).as(refused + " runs its old image").isEqualTo(firstImageId);
            assertThat(engine.docker().inspectContainerCmd(name(refused)).exec().getState().getRunning()).isTrue();
            assertThat(rolloutLog.of(name(refused))).as("nothing was journaled for " + refused).isEmpty();
        }
        for (String rolled : List.of("agent", "plain")) {
            assertThat(imageOf(rolled)).as(rolled + " runs the new image").isEqualTo(newImageId);
        }
        assertThat(rolloutLog.of(name("agent")).get(0).message()).contains("policy exception used (policy.allow): docker-socket");
        HttpResponse<String> api = client.getAs("viewer", VIEWER_PASSWORD, "/api/runs/" + run.id());
        assertThat(api.body()).contains("refused by the policy gate: docker-socket");
        HttpResponse<String> image = client.getAs("viewer", VIEWER_PASSWORD, "/images/" + prefix + "--app");
        assertThat(image.body()).contains("Patchrun does not roll these containers over (nor back)").contains(name("cap"));
    }

    @Test
    @Order(3)
    void aRollback_isRefusedForTheSameContainers() throws Exception {
        HttpResponse<String> response = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/images/" + prefix + "--app/rollback", "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run run = runs.await(Long.parseLong(response.body().replaceAll("\\D", "")), Duration.ofMinutes(3));
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage app = app(run);
        assertThat(app.containers()).containsExactly(name("agent"), name("plain"));
        assertThat(app.message()).contains(name("cap") + ": refused by the policy gate: capability");
        assertThat(imageOf("plain")).isEqualTo(firstImageId);
        assertThat(idOf("cap")).isEqualTo(idsBefore.get("cap"));
    }
}
