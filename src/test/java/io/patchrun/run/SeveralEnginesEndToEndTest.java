package io.patchrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.HostConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.patchrun.docker.DockerClients;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SecondEngine;

/**
 * One pipeline whose image deploys to two engines: the engine this machine runs ({@code local}, which builds) and a
 * second {@code dockerd} the test starts ({@code edge}). The image is built once, pushed, and pulled by the edge
 * engine by digest; both engines' containers roll over to the run's own tag and the run record says which engine each
 * is on. Then the edge engine is stopped: the image is not rolled out anywhere (its containers roll over on every
 * engine or on none), the local container stays on its version, and the health endpoint and page show edge down.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "PATCHRUN_ADMIN_PASSWORD=" + SeveralEnginesEndToEndTest.PASSWORD)
class SeveralEnginesEndToEndTest {

    static final String PASSWORD = "several-engines";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.shared();

    private static Engine engine;
    private static SecondEngine edge;
    /** Removed by JUnit once the class's application context is closed, with its database. */
    @TempDir
    static Path dir;
    private static ImageRef base;
    private static String app;
    private static String localContainer;
    private static String edgeContainer;
    /** The versions the runs made, whose manifests Patchrun pushed to the registry. */
    private static final List<String> tags = new java.util.ArrayList<>();

    @LocalServerPort
    int port;

    @BeforeAll
    static void engines(Engine realEngine) throws IOException {
        engine = realEngine;
        edge = SecondEngine.start();
        base = engine.makeBase("base", "stable");
        app = engine.token() + "/app";
        localContainer = engine.token() + "-local";
        edgeContainer = engine.token() + "-edge";
        GitRepos.init(dir.resolve("repos/app"))
                // No RUN step: a build that starts no container needs no network of the engine's.
                .write("marker", "app\n")
                .write("Dockerfile", "FROM " + base.withTag(base.tag()).familiar() + "\nCOPY marker /marker\n"
                        + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]\n")
                .commit("app");
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("pipelines/edge.yml"), """
                name: edge
                pushTo: %s/%s
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        engines: [local, edge]
                        rollout: { stopTimeout: PT1S, healthTimeout: PT10S }
                """.formatted(Engine.REGISTRY, engine.token(), dir.resolve("repos/app"), app));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("patchrun.data-dir", () -> dir.resolve("data").toString());
        properties.add("patchrun.pipelines-dir", () -> dir.resolve("pipelines").toString());
        properties.add("patchrun.engines[0].name", () -> "local");
        properties.add("patchrun.engines[0].host", () -> DockerClients.describe(null));
        properties.add("patchrun.engines[0].build", () -> "true");
        properties.add("patchrun.engines[1].name", () -> "edge");
        properties.add("patchrun.engines[1].host", () -> edge.host());
    }

    @AfterAll
    static void stopEdge() {
        if (edge != null) {
            edge.close();
        }
        for (String tag : tags) {
            try {
                engine.deleteWithTheRest(Engine.REGISTRY + "/" + app, tag);
            } catch (IllegalStateException notPushed) {
                // A version that failed before its push left nothing in the registry.
            }
        }
    }

    @Test
    @Order(1)
    void aRun_buildsOnce_andTheEdgeEnginePullsTheVersionByItsPushedDigest() {
        JsonNode run = runToTheEnd("{\"force\":true}");

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        String tag = run.path("images").get(0).path("tag").asString();
        InspectImageResponse local = engine.docker().inspectImageCmd(app + ":" + tag).exec();
        InspectImageResponse pulled = edge.docker().inspectImageCmd(app + ":" + tag).exec();
        assertThat(pulled.getId()).as("the same image: its config digest").isEqualTo(local.getId());
        assertThat(pulled.getRepoDigests()).as("pulled by the digest the push reported")
                .anyMatch(digest -> digest.startsWith(Engine.REGISTRY + "/" + engine.token() + "/app@sha256:"));
        assertThat(local.getParent()).as("built here: the build's last step is its parent").isNotEmpty();
        assertThat(pulled.getParent()).as("not built on the edge engine: a pulled image has no parent there").isNullOrEmpty();

        run(engine.docker(), localContainer, app + ":" + tag);
        run(edge.docker(), edgeContainer, app + ":" + tag);
    }

    @Test
    @Order(2)
    void aNewBaseDigest_rollsTheContainersOfBothEnginesOverToTheRunsTag_andTheRecordNamesTheirEngines() {
        engine.republish(base, "2");

        JsonNode run = runToTheEnd("{}");

        JsonNode image = run.path("images").get(0);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(image.path("status").asString()).as(image.toString()).isEqualTo("DEPLOYED");
        String tag = image.path("tag").asString();
        assertThat(runningImage(engine.docker(), localContainer)).isEqualTo(engine.docker().inspectImageCmd(app + ":" + tag).exec().getId());
        assertThat(runningImage(edge.docker(), edgeContainer)).isEqualTo(edge.docker().inspectImageCmd(app + ":" + tag).exec().getId());
        assertThat(JSON.convertValue(image.path("containers"), List.class)).containsExactly(edgeContainer, localContainer);
        assertThat(image.path("placements")).isEqualTo(JSON.valueToTree(List.of(
                Map.of("container", edgeContainer, "engine", "edge"), Map.of("container", localContainer, "engine", "local"))));
        assertThat(browser().get("/").body()).as("the overview says which engine each container is on")
                .contains(edgeContainer + "</code>\n    <span class=\"muted small engine\">on edge</span>",
                        localContainer + "</code>\n    <span class=\"muted small engine\">on local</span>");
        assertThat(browser().get("/images/" + engine.token() + "--app").body()).as("so does the image page")
                .contains(edgeContainer + "</code>\n    <span class=\"muted small engine\">on edge</span>");
    }

    @Test
    @Order(3)
    void anEngineThatDoesNotAnswer_failsTheImage_leavesTheOtherEnginesContainerOnItsVersion_andIsDownInTheHealth() {
        String before = runningImage(engine.docker(), localContainer);
        edge.stop();
        engine.republish(base, "3");

        JsonNode run = runToTheEnd("{}");

        JsonNode image = run.path("images").get(0);
        assertThat(image.path("status").asString()).as(image.toString()).isEqualTo("FAILED");
        assertThat(image.path("message").asString()).startsWith("not rolled out on any engine, so that its containers stay on one version: engine edge (")
                .contains("the engine did not answer");
        assertThat(runningImage(engine.docker(), localContainer)).as("left on the version it ran").isEqualTo(before);

        JsonNode health = JSON.readTree(new AppClient(port).getAs("admin", PASSWORD, "/actuator/health").body());
        JsonNode engines = health.path("components").path("engine").path("details").path("engines");
        assertThat(health.path("components").path("engine").path("status").asString()).isEqualTo("DOWN");
        assertThat(engines.path("local").path("status").asString()).isEqualTo("UP");
        assertThat(engines.path("edge").path("status").asString()).isEqualTo("DOWN");
        assertThat(engines.path("edge").path("problem").asString()).startsWith("the Docker engine edge at " + edge.host() + " does not answer");
        assertThat(browser().get("/health").body()).contains("id=\"engine-edge\"", "does not answer");
    }

    private static void run(DockerClient docker, String name, String image) {
        String id = docker.createContainerCmd(image).withName(name).withLabels(engine.labels())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        docker.startContainerCmd(id).exec();
    }

    private static String runningImage(DockerClient docker, String container) {
        return docker.inspectContainerCmd(container).exec().getImageId();
    }

    private JsonNode runToTheEnd(String body) {
        HttpResponse<String> started = new AppClient(port).postJsonAs("admin", PASSWORD, "/api/pipelines/edge/runs", body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = JSON.readTree(started.body()).path("id").asLong();
        JsonNode run = Awaitility.await("run " + id).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> JSON.readTree(new AppClient(port).getAs("admin", PASSWORD, "/api/runs/" + id).body()),
                        ended -> !List.of("QUEUED", "RUNNING").contains(ended.path("status").asString()));
        tags.add(run.path("images").get(0).path("tag").asString());
        return run;
    }

    private AppClient browser() {
        AppClient browser = new AppClient(port);
        browser.login("admin", PASSWORD);
        return browser;
    }
}
