package io.patchrun.demo;


import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.patchrun.testsupport.LocalHttp;
import io.patchrun.image.Digest;
import io.patchrun.testsupport.Engine;

/**
 * A copy of pipelines/demo.yml whose names carry a test run's token, in a data folder of its own with free
 * host ports, so tests of the demo never touch the real demo-web. Removes everything the demo made.
 */
final class DemoFixture {

    static final Duration PATIENCE = Duration.ofMinutes(3);

    final Engine engine;
    final DemoNames names;
    final Path dataDir;
    final int webPort;
    final int apiPort;
    private final List<Digest> publishedDigests = new ArrayList<>();

    DemoFixture(Engine engine) throws IOException {
        this.engine = engine;
        this.names = new DemoNames(engine.token() + "-");
        this.dataDir = Files.createTempDirectory("patchrun-demo-test");
        Path pipelines = Files.createDirectories(dataDir.resolve("pipelines"));
        // The copy sits in <data dir>/pipelines, so its ../data/demo-repos/ lands in this test's folder.
        Files.writeString(pipelines.resolve("demo.yml"), names.render(Files.readString(Path.of("pipelines/demo.yml"))));
        this.webPort = freePort();
        this.apiPort = freePort();
    }

    /** The app's settings for this demo: on, as {@code mvn spring-boot:run} has it, in this fixture's folder and ports. */
    void register(DynamicPropertyRegistry registry) {
        registry.add(DemoProperties.ENABLED, () -> "true");
        registerFolderAndNames(registry);
    }

    /** This fixture's folder, names and ports, leaving {@code patchrun.demo.enabled} as it is. */
    void registerFolderAndNames(DynamicPropertyRegistry registry) {
        registry.add("patchrun.data-dir", dataDir::toString);
        registry.add("patchrun.pipelines-dir", () -> dataDir.resolve("pipelines").toString());
        registry.add("patchrun.demo.prefix", names::prefix);
        registry.add("patchrun.demo.web-port", () -> webPort);
        registry.add("patchrun.demo.api-port", () -> apiPort);
    }

    /** The digest the registry serves for the demo's base now; remembered, to delete at the end. */
    Digest baseDigest() {
        Digest digest = engine.registryDigest(names.base().familiarName(), DemoNames.BASE_TAG);
        publishedDigests.add(digest);
        return digest;
    }

    /** What a failed test may have left: the remove commands again (they do nothing when all is gone), and every base manifest. */
    void removeAll() throws Exception {
        for (String command : names.removeCommands(List.of())) {
            shell(command);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (Digest digest : publishedDigests) {
            http.send(HttpRequest.newBuilder(URI.create("http://" + DemoNames.REGISTRY + "/v2/" + names.base().repository()
                    + "/manifests/" + digest.value())).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    record ShellResult(int exitCode, String output) {
    }

    static ShellResult shell(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ShellResult(process.waitFor(), output);
    }

    /** The page a demo container serves on its host port. */
    static String page(int hostPort) throws Exception {
        return LocalHttp.answer(hostPort, Duration.ofSeconds(5));
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return Awaitility.await(what).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(probe::get, done::test);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
