package io.patchrun.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.build.BuildRequest;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.HttpCheck;
import io.patchrun.pipeline.SmokeSpec;
import io.patchrun.smoke.ContainerSmokeRunner;
import io.patchrun.smoke.SmokeRequest;
import io.patchrun.smoke.SmokeResult;
import io.patchrun.testsupport.BenchmarkFigures;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

/** What one image's build, push and smoke test cost on the real engine. Prints figures; asserts nothing about time. */
@Tag("benchmark")
@EngineTest
class BuildAndSmokeBenchmark {

    private static final int ROUNDS = 5;

    @Test
    void buildPushAndSmoke(Engine engine, @TempDir Path checkout) throws IOException {
        ImageRef base = engine.makeBase("base", "stable");
        String from = base.withTag(base.tag()).familiar();
        DockerImageBuilder builder = new DockerImageBuilder(engine.docker(), TestLogins.none(), Clock.systemUTC());
        DockerImagePusher pusher = new DockerImagePusher(engine.docker(), TestLogins.none());
        ContainerSmokeRunner smoke = new ContainerSmokeRunner(new DockerSmokeContainers(engine.docker()), Clock.systemUTC(), Pause.sleeping());
        String name = engine.registryName("web");
        List<String> figures = new ArrayList<>();
        int[] round = {0};

        figures.add(measure("cold build (3 steps, the RUN not cached)", () -> {
            write(checkout, from, "round " + round[0]++);
            return build(builder, checkout, name, "cold" + round[0], false);
        }));
        figures.add(measure("cached rebuild", () -> build(builder, checkout, name, "cached", false)));
        figures.add(measure("cached rebuild with --pull (base in the local registry)", () -> build(builder, checkout, name, "pulled", true)));
        List<Digest> pushed = new ArrayList<>();
        int[] pushRound = {0};
        figures.add(measure("push of a freshly built image (its base layer already in the registry)", () -> {
            long start = System.nanoTime();
            pushed.add(pusher.push(ImageRef.parse(name + ":cold" + ++pushRound[0])));
            return (int) ((System.nanoTime() - start) / 1_000_000);
        }));
        String web = name + ":cached";
        figures.add(measure("smoke test passing (HTTP until 200, command, still running)",
                () -> smokeMillis(smoke, engine, web, new SmokeSpec(new HttpCheck(8080, "/", 200), List.of("test", "-f", "/www/index.html"), SmokeSpec.DEFAULT_TIMEOUT))));
        figures.add(measure("smoke test of a container that exits at once (fail fast)",
                () -> smokeMillis(smoke, engine, engine.build(crashing(checkout, from), engine.token() + "/crash:latest"),
                        new SmokeSpec(new HttpCheck(8080, "/", 200), List.of(), Duration.ofSeconds(30)))));
        for (Digest digest : pushed) {
            deleteManifest(ImageRef.parse(name).withDigest(digest));
        }
        BenchmarkFigures.printAndWrite("build-and-smoke", figures);
    }

    private static void deleteManifest(ImageRef pushed) {
        URI uri = URI.create("http://" + pushed.registry() + "/v2/" + pushed.repository() + "/manifests/" + pushed.digest());
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("DELETE " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int build(DockerImageBuilder builder, Path checkout, String name, String tag, boolean pull) {
        return (int) builder.build(new BuildRequest(name, checkout, "Dockerfile", Map.of(), pull, List.of(name + ":" + tag), Map.of()))
                .took().toMillis();
    }

    private static int smokeMillis(ContainerSmokeRunner smoke, Engine engine, String image, SmokeSpec spec) {
        SmokeResult result = smoke.run(new SmokeRequest("bench/web", image, spec, engine.labels()));
        System.out.println(result.message());
        return (int) result.took().toMillis();
    }

    private static String measure(String what, IntSupplier millis) {
        List<Integer> samples = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            samples.add(millis.getAsInt());
        }
        List<Integer> sorted = samples.stream().sorted().toList();
        return what + ": median " + sorted.get(ROUNDS / 2) + " ms, min " + sorted.get(0) + " ms, max " + sorted.get(ROUNDS - 1)
                + " ms over " + ROUNDS + " (" + samples + ")";
    }

    private static void write(Path checkout, String from, String nonce) {
        try {
            Files.writeString(checkout.resolve("Dockerfile"), """
                    FROM %s
                    RUN mkdir /www && echo "%s" > /www/index.html
                    CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                    """.formatted(from, nonce));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path crashing(Path checkout, String from) {
        try {
            Path folder = Files.createDirectories(checkout.resolve("crash"));
            Files.writeString(folder.resolve("Dockerfile"), "FROM " + from + "\nCMD [\"sh\", \"-c\", \"echo fatal >&2; exit 3\"]\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
