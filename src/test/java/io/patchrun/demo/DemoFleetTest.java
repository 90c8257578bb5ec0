package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunStatus;
import io.patchrun.image.Digest;
import io.patchrun.run.PatchRuns;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

/**
 * The demo as a newcomer meets it, on the real engine and registry: a copy of pipelines/demo.yml whose
 * names carry this run's token, so the real demo-web is never touched. Patchrun starts with it, makes the
 * fleet by itself, and the tests then publish a new base and break the next web version. Each test builds
 * on the one before.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PATCHRUN_ADMIN_PASSWORD=" + DemoFleetTest.ADMIN_PASSWORD,
        "patchrun.users[0].name=viewer",
        "patchrun.users[0].password={noop}look-only",
        "patchrun.users[0].role=VIEWER",
})
class DemoFleetTest {

    static final String ADMIN_PASSWORD = "s3cret-admin";
    private static final Duration PATIENCE = DemoFixture.PATIENCE;

    private static DemoFixture fixture;
    private static Engine engine;
    private static DemoNames names;
    private static Path dataDir;
    private static int webPort;
    private static int apiPort;

    @Autowired
    Demo demo;
    @Autowired
    PatchRuns runs;
    @Autowired
    RunHistory history;
    @LocalServerPort
    int port;

    @BeforeAll
    static void demoPipeline(Engine realEngine) throws IOException {
        fixture = new DemoFixture(realEngine);
        engine = realEngine;
        names = fixture.names;
        dataDir = fixture.dataDir;
        webPort = fixture.webPort;
        apiPort = fixture.apiPort;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fixture.register(registry);
    }

    @AfterAll
    static void removeTheDemo() throws Exception {
        fixture.removeAll();
    }

    @Test
    @Order(1)
    void start_makesRepositoriesBaseImagesAndContainers_thatAnswerOnLoopbackPorts() throws Exception {
        DemoStatus status = DemoFixture.await("the demo fleet to be made", () -> demo.status(), s -> !s.made().isEmpty() || s.lastAction().contains("not ready"));

        assertThat(status.lastAction()).startsWith("The demo fleet is ready");
        assertThat(status.active()).isTrue();
        Digest digest = baseDigest();
        assertThat(status.made()).anySatisfy(line -> assertThat(line).contains("base image " + names.base().familiar() + " release 1 (" + digest.value()).endsWith("(made now)"))
                .anySatisfy(line -> assertThat(line).startsWith("images " + names.platform() + ", " + names.web() + ", " + names.api()))
                .anySatisfy(line -> assertThat(line).contains("container " + names.webContainer()).contains("http://127.0.0.1:" + webPort + "/"))
                .anySatisfy(line -> assertThat(line).contains("container " + names.apiContainer()).contains("http://127.0.0.1:" + apiPort + "/"));
        assertThat(status.removeCommands()).contains("docker rm -f " + names.webContainer() + " " + names.apiContainer())
                .anySatisfy(command -> assertThat(command).startsWith("rm -rf ").contains(dataDir.resolve("data/demo-repos/web").toString()));
        assertThat(Files.isDirectory(dataDir.resolve("data/demo-repos/platform/.git"))).isTrue();
        assertThat(history.list(DemoLayout.PIPELINE, null, 0, 10)).singleElement().satisfies(run -> {
            assertThat(run.trigger()).isEqualTo(DemoFleet.TRIGGER);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        });
        for (String container : List.of(names.webContainer(), names.apiContainer())) {
            InspectContainerResponse inspected = engine.docker().inspectContainerCmd(container).exec();
            assertThat(inspected.getState().getRunning()).as(container).isTrue();
            assertThat(inspected.getConfig().getLabels()).containsEntry(DemoContainer.LABEL, "true");
            assertThat(inspected.getConfig().getEnv()).contains("DEMO_ROLE=live");
            Ports.Binding binding = inspected.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8080))[0];
            assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");
        }
        assertThat(DemoFixture.page(webPort)).contains("<h1>" + names.web() + "</h1>").contains("base release <strong>1 (published");
        assertThat(DemoFixture.page(apiPort)).contains("<h1>" + names.api() + "</h1>").contains("base release <strong>1 (published");
    }

    @Test
    @Order(2)
    void publishBaseButton_pushesANewDigest_andTheWatcherPatchesTheFleetWithinSeconds() throws Exception {
        Digest before = baseDigest();
        AppClient admin = loggedIn("admin", ADMIN_PASSWORD);

        HttpResponse<String> response = admin.postForm("/demo/publish-base", "_csrf=" + csrf(admin));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        Digest after = baseDigest();
        assertThat(after).isNotEqualTo(before);
        assertThat(demo.status().lastAction()).startsWith("Published " + names.base().familiar() + " release 2 (" + after.value() + ")");
        Run patched = awaitRun("base-change");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(patched.images()).extracting(image -> image.status()).containsOnly(ImageStatus.BUILT, ImageStatus.DEPLOYED);
        assertThat(DemoFixture.page(webPort)).contains("base release <strong>2 (published");
        assertThat(DemoFixture.page(apiPort)).contains("base release <strong>2 (published");
    }

    @Test
    @Order(3)
    void breakNext_makesTheNextWebRunRolledBack_whileDemoWebKeepsAnswering() throws Exception {
        String pageBefore = DemoFixture.page(webPort);
        String imageBefore = engine.docker().inspectContainerCmd(names.webContainer()).exec().getImageId();

        DemoStatus broken = demo.breakNext();

        assertThat(broken.nextWebBroken()).as(broken.lastAction()).isTrue();
        assertThat(loggedIn("admin", ADMIN_PASSWORD).get("/").body()).as("the overview offers to undo it")
                .contains("action=\"/demo/fix-next\"").doesNotContain("action=\"/demo/break-next\"");
        long id = runs.start(DemoLayout.PIPELINE, new RunRequest(List.of(names.web()), true), "api", "admin");
        Run run = runs.await(id, PATIENCE);
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(run.images()).singleElement().satisfies(image -> assertThat(image.message()).contains(names.webContainer()).contains("unhealthy"));
        assertThat(engine.docker().inspectContainerCmd(names.webContainer()).exec().getImageId()).isEqualTo(imageBefore);
        assertThat(DemoFixture.page(webPort)).isEqualTo(pageBefore);

        DemoStatus fixed = demo.fixNext();

        assertThat(fixed.nextWebBroken()).as(fixed.lastAction()).isFalse();
        assertThat(loggedIn("admin", ADMIN_PASSWORD).get("/").body()).contains("action=\"/demo/break-next\"")
                .doesNotContain("action=\"/demo/fix-next\"").contains("version is healthy again");
    }

    @Test
    @Order(4)
    void demoButtons_needTheAdminRole() {
        AppClient viewer = loggedIn("viewer", "look-only");
        assertThat(viewer.get("/").body()).as("a viewer sees the demo, not its buttons").contains("Demo fleet")
                .contains("docker rm -f " + names.webContainer()).doesNotContain("/demo/publish-base").doesNotContain("/demo/break-next");

        HttpResponse<String> response = viewer.postForm("/demo/break-next", "_csrf=" + csrf(viewer));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(demo.status().nextWebBroken()).isFalse();
    }

    @Test
    @Order(5)
    void statusApi_showsTheDemoAsJson() {
        HttpResponse<String> response = new AppClient(port).getAs("viewer", "look-only", "/api/demo");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"active\":true").contains("\"removeCommands\":[\"docker rm -f " + names.webContainer());
    }

    @Test
    @Order(6)
    void removeCommands_removeEverythingTheDemoMade() throws Exception {
        List<String> commands = demo.status().removeCommands();

        for (String command : commands) {
            DemoFixture.ShellResult result = DemoFixture.shell(command);
            assertThat(result.exitCode()).as("%s said: %s", command, result.output()).isZero();
        }

        assertThat(engine.docker().listContainersCmd().withShowAll(true).withNameFilter(List.of(names.prefix() + "demo-")).exec()).isEmpty();
        assertThat(engine.docker().listImagesCmd().withShowAll(true).exec()).noneSatisfy(image -> assertThat(
                String.join(",", image.getRepoTags() == null ? new String[0] : image.getRepoTags())
                        + String.join(",", image.getRepoDigests() == null ? new String[0] : image.getRepoDigests())).contains(names.prefix() + "demo"));
        assertThat(dataDir.resolve("data/demo-repos/web")).doesNotExist();
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + DemoNames.REGISTRY + "/v2/"
                + names.base().repository() + "/manifests/" + DemoNames.BASE_TAG)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(404);
    }

    private AppClient loggedIn(String user, String password) {
        AppClient client = new AppClient(port);
        assertThat(client.login(user, password).statusCode()).isEqualTo(302);
        return client;
    }

    /** The session's CSRF token, as the login page renders it for a logged-in user too. */
    private static String csrf(AppClient client) {
        return AppClient.csrfToken(client.get("/login").body());
    }

    private static Digest baseDigest() {
        return fixture.baseDigest();
    }

    private Run awaitRun(String trigger) throws InterruptedException {
        Run listed = DemoFixture.await("a " + trigger + " run of the demo to end", () -> history.list(DemoLayout.PIPELINE, null, 0, 10).stream()
                .filter(r -> r.trigger().equals(trigger)).findFirst().orElse(null), r -> r != null && !r.status().active());
        return history.find(listed.id()).orElseThrow();
    }
}
