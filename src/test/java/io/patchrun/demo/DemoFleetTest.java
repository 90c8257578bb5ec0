package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunStatus;
import io.patchrun.image.Digest;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRequest;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.RealEngine;

/**
 * The demo as a newcomer meets it, on the real engine and registry: a copy of pipelines/demo.yml whose
 * names carry this run's token, so the real demo-web is never touched. Patchrun starts with it, makes the
 * fleet by itself, and the tests then publish a new base and break the next web version. Each test builds
 * on the one before.
 */
@ExtendWith(RealEngine.class)
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
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static Engine engine;
    private static DemoNames names;
    private static Path dataDir;
    private static int webPort;
    private static int apiPort;
    private static final List<Digest> publishedDigests = new ArrayList<>();

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
        engine = realEngine;
        names = new DemoNames(engine.token() + "-");
        dataDir = Files.createTempDirectory("patchrun-demo-test");
        Path pipelines = Files.createDirectories(dataDir.resolve("pipelines"));
        // The copy sits in <data dir>/pipelines, so its ../data/demo-repos/ lands in this test's folder.
        Files.writeString(pipelines.resolve("demo.yml"), names.render(Files.readString(Path.of("pipelines/demo.yml"))));
        webPort = freePort();
        apiPort = freePort();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("patchrun.data-dir", () -> dataDir.toString());
        registry.add("patchrun.pipelines-dir", () -> dataDir.resolve("pipelines").toString());
        registry.add("patchrun.demo.prefix", names::prefix);
        registry.add("patchrun.demo.web-port", () -> webPort);
        registry.add("patchrun.demo.api-port", () -> apiPort);
    }

    /** What a failed test may have left: the remove commands again (they do nothing when all is gone), and every base manifest. */
    @AfterAll
    static void removeTheDemo() throws Exception {
        for (String command : names.removeCommands(List.of())) {
            shell(command);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (Digest digest : publishedDigests) {
            http.send(HttpRequest.newBuilder(URI.create("http://" + DemoNames.REGISTRY + "/v2/" + names.base().repository()
                    + "/manifests/" + digest.value())).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    @Order(1)
    void start_makesRepositoriesBaseImagesAndContainers_thatAnswerOnLoopbackPorts() throws Exception {
        DemoStatus status = await("the demo fleet to be made", () -> demo.status(), s -> !s.made().isEmpty() || s.lastAction().contains("not ready"));

        assertThat(status.lastAction()).startsWith("The demo fleet is ready");
        assertThat(status.active()).isTrue();
        Digest digest = baseDigest();
        publishedDigests.add(digest);
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
        assertThat(page(webPort)).contains("<h1>" + names.web() + "</h1>").contains("base release <strong>1 (published");
        assertThat(page(apiPort)).contains("<h1>" + names.api() + "</h1>").contains("base release <strong>1 (published");
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
        publishedDigests.add(after);
        assertThat(after).isNotEqualTo(before);
        assertThat(demo.status().lastAction()).startsWith("Published " + names.base().familiar() + " release 2 (" + after.value() + ")");
        Run patched = awaitRun("base-change");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(patched.images()).extracting(image -> image.status()).containsOnly(ImageStatus.BUILT, ImageStatus.DEPLOYED);
        assertThat(page(webPort)).contains("base release <strong>2 (published");
        assertThat(page(apiPort)).contains("base release <strong>2 (published");
    }

    @Test
    @Order(3)
    void breakNext_makesTheNextWebRunRolledBack_whileDemoWebKeepsAnswering() throws Exception {
        String pageBefore = page(webPort);
        String imageBefore = engine.docker().inspectContainerCmd(names.webContainer()).exec().getImageId();

        DemoStatus broken = demo.breakNext();

        assertThat(broken.nextWebBroken()).as(broken.lastAction()).isTrue();
        long id = runs.start(DemoLayout.PIPELINE, new RunRequest(List.of(names.web()), true), "api", "admin");
        Run run = runs.await(id, PATIENCE);
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(run.images()).singleElement().satisfies(image -> assertThat(image.message()).contains(names.webContainer()).contains("unhealthy"));
        assertThat(engine.docker().inspectContainerCmd(names.webContainer()).exec().getImageId()).isEqualTo(imageBefore);
        assertThat(page(webPort)).isEqualTo(pageBefore);

        DemoStatus fixed = demo.fixNext();

        assertThat(fixed.nextWebBroken()).as(fixed.lastAction()).isFalse();
    }

    @Test
    @Order(4)
    void demoButtons_needTheAdminRole() {
        AppClient viewer = loggedIn("viewer", "look-only");

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
            ShellResult result = shell(command);
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

    private record ShellResult(int exitCode, String output) {
    }

    private static ShellResult shell(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new ShellResult(process.waitFor(), output);
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
        return engine.registryDigest(names.base().familiarName(), DemoNames.BASE_TAG);
    }

    private Run awaitRun(String trigger) throws InterruptedException {
        Run listed = await("a " + trigger + " run of the demo to end", () -> history.list(DemoLayout.PIPELINE, null, 0, 10).stream()
                .filter(r -> r.trigger().equals(trigger)).findFirst().orElse(null), r -> r != null && !r.status().active());
        return history.find(listed.id()).orElseThrow();
    }

    private static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE + " for " + what + "; last seen: " + value);
            }
            Thread.sleep(250);
        }
    }

    private static String page(int hostPort) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
