package io.patchrun.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerState.Health;
import io.patchrun.container.ExecResult;
import io.patchrun.pipeline.HttpCheck;
import io.patchrun.pipeline.SmokeSpec;
import io.patchrun.testsupport.MutableClock;
import io.patchrun.time.Pause;

/** Runs on a test clock that the runner's pauses move, so timeouts of minutes take no time and always end alike. */
class ContainerSmokeRunnerTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final HttpCheck HOME = new HttpCheck(8080, "/", 200);

    private final MutableClock clock = new MutableClock();
    private final Instant start = clock.instant();
    private final FakeContainers containers = new FakeContainers(clock);
    private final ContainerSmokeRunner runner = new ContainerSmokeRunner(containers, clock, clock::advance);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<int[]> answers = new AtomicReference<>(new int[] {200});
    private HttpServer server;

    /** Answers the n-th request with answers[n], then keeps giving the last answer. */
    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int[] statuses = answers.get();
            exchange.sendResponseHeaders(statuses[Math.min(requests.getAndIncrement(), statuses.length - 1)], -1);
            exchange.close();
        });
        server.createContext("/after-10s", exchange -> {
            exchange.sendResponseHeaders(clock.instant().isBefore(start.plusSeconds(10)) ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        containers.hostPort = server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static SmokeRequest request(HttpCheck http, List<String> command, Duration timeout) {
        return request(new SmokeSpec(http, command, timeout));
    }

    private static SmokeRequest request(SmokeSpec spec) {
        return new SmokeRequest("demo/web", "sha256:0123", spec, Map.of("io.patchrun.test", "t1"));
    }

    @Test
    void run_passes_whenHttpComesUpAndCommandExitsZero() {
        answers.set(new int[] {503, 503, 200});
        containers.execResult = new ExecResult(true, 0, "index.html\n");

        SmokeResult result = runner.run(request(HOME, List.of("ls", "/www"), Duration.ofSeconds(5)));

        String url = "http://127.0.0.1:" + containers.hostPort + "/";
        assertThat(result.passed()).isTrue();
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly("http", "command", "running");
        assertThat(result.message()).isEqualTo("smoke test of demo/web passed: GET " + url + " answered 200; "
                + "command [ls, /www] exited 0: ⟦index.html⟧; the container is still running");
        assertThat(requests.get()).isEqualTo(3);
        assertThat(containers.ports).containsExactly(8080);
        assertThat(containers.labels).containsEntry(SmokeRunner.LABEL, "demo/web").containsEntry("io.patchrun.test", "t1");
        assertThat(containers.allRemoved()).isTrue();
    }

    @Test
    void run_fails_namingUrlStatusAndTimeout_whenHttpAnswersWrongStatus() {
        answers.set(new int[] {500});

        SmokeResult result = runner.run(request(new HttpCheck(8080, "/health", 200), List.of(), SHORT));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: GET http://127.0.0.1:" + containers.hostPort
                + "/health answered 500, expected 200 (the smoke test's timeout of 300 ms ran out)");
        assertThat(result.checks()).singleElement().satisfies(check -> assertThat(check.passed()).isFalse());
        assertThat(result.took()).isEqualTo(SHORT);
        assertThat(containers.allRemoved()).isTrue();
    }

    @Test
    void run_fails_whenNothingAnswers() {
        server.stop(0);

        SmokeResult result = runner.run(request(HOME, List.of(), SHORT));

        assertThat(result.message()).startsWith("smoke test of demo/web failed: GET http://127.0.0.1:" + containers.hostPort + "/ got no answer (")
                .endsWith("), expected 200 (the smoke test's timeout of 300 ms ran out)");
    }

    @Test
    void run_fails_withExitCodeAndOutput_whenCommandExitsNonZero() {
        containers.execResult = new ExecResult(true, 1, "checking\nmissing /www/index.html\n");

        SmokeResult result = runner.run(request(null, List.of("/bin/sh", "-c", "test -f /www/index.html"), SHORT));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: command [/bin/sh, -c, test -f /www/index.html] exited 1: "
                + "⟦checking | missing /www/index.html⟧");
        assertThat(containers.allRemoved()).isTrue();
    }

    @Test
    void run_fails_whenCommandRunsPastTimeout() {
        containers.execResult = new ExecResult(false, 0, "");

        SmokeResult result = runner.run(request(null, List.of("sleep", "60"), SHORT));

        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: command [sleep, 60] did not finish "
                + "(the smoke test's timeout of 300 ms ran out)");
    }

    @Test
    void run_failsAtOnce_withExitCodeAndLastLogLines_whenContainerExits() {
        containers.states = () -> FakeContainers.exited(3);
        containers.logs = List.of("starting", "fatal: no config");

        SmokeResult result = runner.run(request(HOME, List.of("true"), Duration.ofMinutes(5)));

        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: the container exited with code 3; "
                + "its last log lines: ⟦starting | fatal: no config⟧");
        assertThat(requests.get()).isZero();
        assertThat(result.took()).isZero();
        assertThat(containers.allRemoved()).isTrue();
    }

    @Test
    void run_explainsFailedPortLookupByExit_whenContainerDiesJustAfterExitCheck() {
        AtomicInteger inspections = new AtomicInteger();
        containers.states = () -> inspections.incrementAndGet() == 1 ? FakeContainers.running(Health.NONE) : FakeContainers.exited(3);
        containers.hostPort = -1;
        containers.logs = List.of("fatal: no config");

        SmokeResult result = runner.run(request(HOME, List.of(), Duration.ofMinutes(5)));

        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: the container exited with code 3; "
                + "its last log lines: ⟦fatal: no config⟧");
    }

    @Test
    void run_waitsForHealthy_whenImageHasHealthcheck() {
        AtomicInteger polls = new AtomicInteger();
        containers.states = () -> FakeContainers.running(polls.incrementAndGet() < 4 ? Health.STARTING : Health.HEALTHY);

        SmokeResult result = runner.run(request(null, List.of(), Duration.ofSeconds(5)));

        assertThat(result.passed()).isTrue();
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly("healthcheck", "running");
    }

    @Test
    void run_fails_withProbeOutput_whenHealthcheckReportsUnhealthy() {
        AtomicInteger polls = new AtomicInteger();
        containers.states = () -> polls.incrementAndGet() < 3 ? FakeContainers.running(Health.STARTING)
                : FakeContainers.running(Health.UNHEALTHY, "wget: server returned error: HTTP/1.1 500\n");

        SmokeResult result = runner.run(request(null, List.of(), Duration.ofSeconds(5)));

        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: the image's HEALTHCHECK reports unhealthy: "
                + "⟦wget: server returned error: HTTP/1.1 500⟧");
    }

    @Test
    void run_passes_whenContainerStaysUp_andNothingElseIsChecked() {
        SmokeResult result = runner.run(request(SmokeSpec.NONE));

        assertThat(result.message()).isEqualTo("smoke test of demo/web passed: the container is still running");
        assertThat(result.took()).isEqualTo(ContainerSmokeRunner.SETTLE);
        assertThat(containers.ports).isEmpty();
    }

    @Test
    void run_failsAfterTheTimeoutInTotal_whenChecksPassSlowlyAndTheLastNeverPasses() {
        answers.set(new int[] {503});
        containers.execTakes = Duration.ofSeconds(15);
        containers.states = () -> FakeContainers.running(Health.STARTING);

        SmokeResult result = runner.run(request(new HttpCheck(8080, "/after-10s", 200), List.of("ls", "/www"), Duration.ofSeconds(30)));

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).extracting(CheckResult::check, CheckResult::passed, CheckResult::took).containsExactly(
                tuple("http", true, Duration.ofSeconds(10)),
                tuple("command", true, Duration.ofSeconds(15)),
                tuple("healthcheck", false, Duration.ofSeconds(5)));
        assertThat(result.took()).as("the timeout covers the three checks together").isEqualTo(Duration.ofSeconds(30));
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: the image's HEALTHCHECK still reports starting "
                + "(the smoke test's timeout of 30 s ran out)");
    }

    @Test
    void run_failsAfterTheTimeout_whenSeveralChecksNeverPass() {
        answers.set(new int[] {503});
        containers.states = () -> FakeContainers.running(Health.STARTING);
        containers.execResult = new ExecResult(false, 0, "");

        SmokeResult result = runner.run(request(HOME, List.of("sleep", "60"), Duration.ofSeconds(30)));

        assertThat(result.took()).isEqualTo(Duration.ofSeconds(30));
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly("http");
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: GET http://127.0.0.1:" + containers.hostPort
                + "/ answered 503, expected 200 (the smoke test's timeout of 30 s ran out)");
        assertThat(containers.started.get(0).executed).as("no time was left for the command").isNull();
    }

    @Test
    void run_givesTheCommandOnlyWhatIsLeftOfTheTimeout() {
        containers.execResult = new ExecResult(false, 0, "still copying");

        SmokeResult result = runner.run(request(new HttpCheck(8080, "/after-10s", 200), List.of("sleep", "60"), Duration.ofSeconds(30)));

        assertThat(containers.started.get(0).execTimeout).isEqualTo(Duration.ofSeconds(20));
        assertThat(result.took()).isEqualTo(Duration.ofSeconds(30));
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: command [sleep, 60] did not finish "
                + "(the smoke test's timeout of 30 s ran out): ⟦still copying⟧");
    }

    @Test
    void run_holdsAContainerWithNothingToCheck_onlyAsLongAsTheTimeout() {
        SmokeResult result = runner.run(request(null, List.of(), Duration.ofMillis(400)));

        assertThat(result.passed()).isTrue();
        assertThat(result.took()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void run_reportsEngineWords_whenContainerCannotStart() {
        containers.startFailure = new SmokeEngineException("could not start a container from sha256:0123: no such image", null);

        SmokeResult result = runner.run(request(SmokeSpec.NONE));

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).isEmpty();
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: could not start a container from sha256:0123: no such image");
    }

    @Test
    void run_saysItWasInterrupted_andKeepsTheFlag_whenAnEngineCallFailsBecauseOfAnInterrupt() {
        containers.startFailure = new SmokeEngineException("could not start a container from sha256:0123: ClosedByInterruptException", null);
        Thread.currentThread().interrupt();

        SmokeResult result = runner.run(request(SmokeSpec.NONE));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(result.passed()).isFalse();
        assertThat(result.message()).isEqualTo("smoke test of demo/web was interrupted");
    }

    @Test
    void run_fails_whenContainerCannotBeRemoved_evenAfterPassingChecks() {
        containers.removeFailure = new SmokeEngineException("could not remove smoke container fake0: engine gone", null);

        SmokeResult result = runner.run(request(SmokeSpec.NONE));

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).isEqualTo("smoke test of demo/web failed: could not remove smoke container fake0: engine gone");
    }

    @Test
    void run_removesContainer_andKeepsInterruptFlag_whenInterrupted() throws Exception {
        answers.set(new int[] {503});
        CountDownLatch polling = new CountDownLatch(3);
        server.createContext("/slow", exchange -> {
            polling.countDown();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        // The pause sleeps, so the interrupt ends it, while the test clock stands still: the check never times out.
        ContainerSmokeRunner sleeping = new ContainerSmokeRunner(containers, clock, Pause.sleeping(), Duration.ofMillis(10), ContainerSmokeRunner.SETTLE);
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Boolean> interruptFlag = new CompletableFuture<>();
        CompletableFuture<SmokeResult> result = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            SmokeResult smoke = sleeping.run(request(new HttpCheck(8080, "/slow", 200), List.of(), Duration.ofMinutes(5)));
            interruptFlag.complete(Thread.interrupted());
            return smoke;
        });

        assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();
        worker.get().interrupt();

        assertThat(result.get(10, TimeUnit.SECONDS).message()).isEqualTo("smoke test of demo/web was interrupted");
        assertThat(interruptFlag.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(containers.allRemoved()).isTrue();
    }
}
