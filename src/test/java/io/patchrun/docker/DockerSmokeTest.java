package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.container.ContainerState;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.HttpCheck;
import io.patchrun.pipeline.SmokeSpec;
import io.patchrun.smoke.CheckResult;
import io.patchrun.smoke.ContainerSmokeRunner;
import io.patchrun.container.ExecResult;
import io.patchrun.smoke.SmokeContainer;
import io.patchrun.smoke.SmokeContainers;
import io.patchrun.smoke.SmokeRequest;
import io.patchrun.smoke.SmokeResult;
import io.patchrun.smoke.SmokeRunner;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;

@EngineTest
class DockerSmokeTest {

    private static final HttpCheck HOME = new HttpCheck(8080, "/", 200);
    private static final String WEB = """
            FROM %s
            RUN mkdir /www && echo hello > /www/index.html
            CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
            """;

    private static String web;
    private static String unhealthy;
    private static String healthy;
    private static String crashing;

    private final Engine engine;
    private final SmokeRunner runner;

    DockerSmokeTest(Engine engine) {
        this.engine = engine;
        this.runner = new ContainerSmokeRunner(new DockerSmokeContainers(engine.docker()), Clock.systemUTC(), Pause.sleeping());
    }

    @BeforeAll
    static void buildImages(Engine engine, @TempDir Path folder) throws IOException {
        ImageRef base = engine.makeBase("base", "stable");
        String from = base.withTag(base.tag()).familiar();
        web = build(engine, folder, "web", WEB.formatted(from));
        unhealthy = build(engine, folder, "unhealthy", WEB.formatted(from)
                + "HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD wget -q -O /dev/null http://127.0.0.1:8080/missing\n");
        healthy = build(engine, folder, "healthy", WEB.formatted(from)
                + "HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD wget -q -O /dev/null http://127.0.0.1:8080/\n");
        crashing = build(engine, folder, "crashing", "FROM " + from + "\nCMD [\"sh\", \"-c\", \"echo starting; echo fatal: no config >&2; exit 3\"]\n");
    }

    private static String build(Engine engine, Path folder, String name, String dockerfile) throws IOException {
        Path context = Files.createDirectories(folder.resolve(name));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return engine.build(context, engine.token() + "/" + name + ":latest");
    }

    @AfterEach
    void noContainerLeftBehind() {
        assertThat(testContainers()).isEmpty();
    }

    private List<Container> testContainers() {
        return engine.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Engine.TEST_LABEL, engine.token())).exec();
    }

    private SmokeResult smoke(String imageId, HttpCheck http, List<String> command, Duration timeout) {
        return runner.run(new SmokeRequest("demo/web", imageId, new SmokeSpec(http, command, timeout), engine.labels()));
    }

    @Test
    void smoke_passes_whenHttpAnswersAndCommandSucceeds() {
        SmokeResult result = smoke(web, HOME, List.of("/bin/sh", "-c", "test -f /www/index.html && echo found"), Duration.ofSeconds(30));

        assertThat(result.passed()).as(result.message()).isTrue();
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly("http", "command", "running");
        assertThat(result.message()).matches("smoke test of demo/web passed: GET http://127\\.0\\.0\\.1:\\d+/ answered 200; "
                + "command \\[/bin/sh, -c, test -f /www/index.html && echo found] exited 0: ⟦found⟧; the container is still running");
    }

    @Test
    void smoke_fails_namingUrlAndStatus_whenHttpAnswersWrongStatus() {
        SmokeResult result = smoke(web, new HttpCheck(8080, "/missing", 200), List.of(), Duration.ofSeconds(2));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).matches("smoke test of demo/web failed: GET http://127\\.0\\.0\\.1:\\d+/missing answered 404, "
                + "expected 200 \\(the smoke test's timeout of 2 s ran out\\)");
    }

    @Test
    void smoke_fails_withExitCodeAndOutput_whenCommandExitsOne() {
        SmokeResult result = smoke(web, HOME, List.of("/bin/sh", "-c", "echo no such file >&2; exit 1"), Duration.ofSeconds(30));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: command [/bin/sh, -c, echo no such file >&2; exit 1] "
                + "exited 1: ⟦no such file⟧");
    }

    @Test
    void smoke_fails_whenImageHealthcheckTurnsUnhealthy() {
        SmokeResult result = smoke(unhealthy, HOME, List.of(), Duration.ofSeconds(30));

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly("http", "healthcheck");
        assertThat(result.message()).startsWith("smoke test of demo/web failed: the image's HEALTHCHECK reports unhealthy")
                .contains("404");
    }

    @Test
    void smoke_waitsForImageHealthcheckToTurnHealthy() {
        SmokeResult result = smoke(healthy, null, List.of(), Duration.ofSeconds(30));

        assertThat(result.passed()).as(result.message()).isTrue();
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly("healthcheck", "running");
    }

    @Test
    void smoke_failsFast_withExitCodeAndLogs_whenContainerExitsAtOnce() {
        SmokeResult result = smoke(crashing, HOME, List.of("true"), Duration.ofSeconds(60));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).startsWith("smoke test of demo/web failed: ")
                .contains("exited with code 3; its last log lines: ")
                .contains("starting", "fatal: no config");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void smoke_fails_whenImageDoesNotExist() {
        SmokeResult result = smoke(engine.token() + "/never-built:latest", HOME, List.of(), Duration.ofSeconds(5));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).startsWith("smoke test of demo/web failed: could not create a container from "
                + engine.token() + "/never-built:latest: ");
    }

    @Test
    void smoke_removesContainer_whenInterrupted() throws Exception {
        HeldAtPolling held = new HeldAtPolling(new DockerSmokeContainers(engine.docker()));
        SmokeRunner heldRunner = new ContainerSmokeRunner(held, Clock.systemUTC(), Pause.sleeping());
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<SmokeResult> result = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            return heldRunner.run(new SmokeRequest("demo/web", web,
                    new SmokeSpec(new HttpCheck(8080, "/never", 200), List.of(), Duration.ofMinutes(5)), engine.labels()));
        });
        assertThat(held.polling.await(30, TimeUnit.SECONDS)).as("the HTTP check polls").isTrue();
        assertThat(testContainers()).hasSize(1);

        worker.get().interrupt();

        assertThat(result.get(30, TimeUnit.SECONDS).message()).isEqualTo("smoke test of demo/web was interrupted");
    }

    /**
     * Holds the smoke test once its HTTP check polls (it has asked for the port), at its next look at the
     * container, until the thread is interrupted; the interrupt then lands while the checks run, not in the
     * middle of an engine call.
     */
    private static final class HeldAtPolling implements SmokeContainers {

        final CountDownLatch polling = new CountDownLatch(1);
        private final SmokeContainers engine;

        HeldAtPolling(SmokeContainers engine) {
            this.engine = engine;
        }

        @Override
        public SmokeContainer start(String imageId, List<Integer> ports, Map<String, String> labels) {
            SmokeContainer container = engine.start(imageId, ports, labels);
            AtomicBoolean portAsked = new AtomicBoolean();
            return new SmokeContainer() {
                @Override
                public String id() {
                    return container.id();
                }

                @Override
                public ContainerState state() {
                    ContainerState state = container.state();
                    if (portAsked.get() && polling.getCount() > 0) {
                        polling.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return state;
                }

                @Override
                public int hostPort(int containerPort) {
                    portAsked.set(true);
                    return container.hostPort(containerPort);
                }

                @Override
                public ExecResult exec(List<String> command, Duration timeout) throws InterruptedException {
                    return container.exec(command, timeout);
                }

                @Override
                public List<String> logTail(int lines) {
                    return container.logTail(lines);
                }

                @Override
                public void close() {
                    container.close();
                }
            };
        }
    }

    @Test
    void start_publishesOnLoopbackOnly_andCloseRemovesTheContainer() {
        ExposedPort http = ExposedPort.tcp(8080);
        String id;
        try (SmokeContainer container = new DockerSmokeContainers(engine.docker()).start(web, List.of(8080), engine.labels())) {
            id = container.id();
            Ports.Binding binding = engine.docker().inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(http)[0];
            assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");
            assertThat(container.hostPort(8080)).isEqualTo(Integer.parseInt(binding.getHostPortSpec()));
        }
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec()).isEmpty();
    }
}
