package io.patchrun.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.BaseChecks;
import io.patchrun.run.PatchRuns;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's speed benchmark: a patch run of a 30-image fleet (see {@link BenchFleet}) with 18 slow-stopping
 * app containers, against a shell script doing the same with the docker CLI one step after another, and
 * against the same script with plain parallelism (each level built 4 at a time, then 8 rollovers at a time),
 * all in one test on one engine. Probes every app's port throughout to measure the longest outage, listens to
 * the engine's events to tell where an outage went, and works out the critical path of engine calls from what
 * Patchrun recorded. Prints the figures and writes them to target/benchmarks/patch-run.txt; asserts only that
 * each did the job.
 */
@Tag("benchmark")
@EngineTest
class PatchRunBenchmark extends AppTestBase {

    private static final int BUILDS_AT_ONCE = 4;
    private static final int ROLLOUTS_AT_ONCE = 8;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_EVERY = Duration.ofMillis(20);
    private static final Duration LIMIT = Duration.ofMinutes(15);

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    BaseChecks baseChecks;
    @Autowired
    VersionHistory versions;
    @Autowired
    RolloutLog rolloutLog;
    @Autowired
    JdbcClient jdbc;

    private final BenchReport report = new BenchReport();
    private Engine engine;
    private BenchFleet fleet;
    private ImageRef base;
    private Map<String, Integer> ports;

    @Test
    void patchRunOfThirtyImages_againstTheDockerCliSeriallyAndInParallel(Engine realEngine, @TempDir Path work) throws Exception {
        engine = realEngine;
        String loadBefore = loadAverage();
        base = engine.makeBase("base", "stable");
        fleet = new BenchFleet(engine.token(), base, work.resolve("repos"));
        String pipeline = engine.token();
        writePipeline(pipeline);
        Run first = runs.await(runs.start(pipeline, new RunRequest(List.of(), true), "api", "admin"), LIMIT);
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.images()).hasSize(fleet.images().size()).extracting(RunImage::status).containsOnly(ImageStatus.BUILT);
        ports = startApps();

        Measured serial = baseline("script, serial", "2", "patch-fleet.sh", work);
        Measured parallel = baseline("script, -P", "3", "patch-fleet-parallel.sh", work,
                String.valueOf(BUILDS_AT_ONCE), String.valueOf(ROLLOUTS_AT_ONCE));
        ImageRef patched = engine.republish(base, "4");
        long checkStart = System.nanoTime();
        assertThat(baseChecks.check(pipeline)).containsExactly(base.familiarName() + ":" + base.tag());
        Duration check = Duration.ofNanos(System.nanoTime() - checkStart);
        Instant asked = Instant.now();
        Prober prober = new Prober(ports, PROBE_EVERY, LIMIT).start();
        Run run;
        List<EngineEvents.Replacement> replacements;
        try (EngineEvents events = EngineEvents.listen(engine.docker(), engine.labels())) {
            run = runs.await(runs.start(pipeline, RunRequest.PENDING, "api", "admin"), LIMIT);
            replacements = settled(events);
        }
        Measured patchrun = new Measured("Patchrun", Duration.between(asked, run.endedAt()), Map.of(), prober.stop(), replacements,
                prober.attempts(), loadAverage());
        assertPatched(run, patched, replacements);

        profile(run, asked, check, serial, parallel, patchrun);
        report.line("");
        report.machine(loadBefore, List.of(serial, parallel, patchrun), PROBE_EVERY);
        report.write(Path.of("target", "benchmarks", "patch-run.txt"));
    }

    private void writePipeline(String pipeline) throws IOException {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(pipeline + ".yml"),
                fleet.pipelineYaml(pipeline, BUILDS_AT_ONCE, ROLLOUTS_AT_ONCE, STOP_TIMEOUT, HEALTH_TIMEOUT));
        pipelines.reload();
        assertThat(pipelines.find(pipeline)).as("pipeline errors: %s", pipelines.errors()).isPresent();
    }

    /** Pushes base generation {@code generation}, runs {@code script} on the fleet while probing, and checks every app runs its rebuild. */
    private Measured baseline(String name, String generation, String script, Path work, String... args) throws Exception {
        assertThat(engine.republish(base, generation).digest()).isNotEqualTo(base.digest());
        Prober prober = new Prober(ports, PROBE_EVERY, LIMIT).start();
        ShellBaseline.Result result;
        List<EngineEvents.Replacement> replacements;
        try (EngineEvents events = EngineEvents.listen(engine.docker(), engine.labels())) {
            result = ShellBaseline.run(script, scriptSteps(), work, LIMIT, args);
            replacements = settled(events);
        }
        Measured measured = new Measured(name, result.wall(), result.phases(), prober.stop(), replacements, prober.attempts(), loadAverage());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(replacements).as("replacements the engine told of").hasSize(ports.size());
        for (BenchFleet.Image app : fleet.apps()) {
            assertAppRuns(container(app), app.name() + ":latest");
        }
        return measured;
    }

    private void assertPatched(Run run, ImageRef patched, List<EngineEvents.Replacement> replacements) throws InterruptedException {
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(replacements).as("replacements the engine told of").hasSize(ports.size());
        assertThat(run.images()).hasSize(fleet.images().size());
        assertThat(run.images()).extracting(RunImage::baseDigest).containsOnly(patched.digest().value());
        for (RunImage image : run.images()) {
            boolean app = fleet.apps().stream().anyMatch(a -> a.name().equals(image.name()));
            assertThat(image.status()).as(image.toString()).isEqualTo(app ? ImageStatus.DEPLOYED : ImageStatus.BUILT);
        }
        for (BenchFleet.Image app : fleet.apps()) {
            assertAppRuns(container(app), app.name() + ":" + image(run, app.name()).tag());
            RolloutLog.Entry entry = rolloutLog.of(container(app)).get(0);
            assertThat(entry.result()).as(entry.message()).isEqualTo("DEPLOYED");
            assertThat(entry.newImage()).endsWith(":" + image(run, app.name()).tag());
            assertThat(entry.endedAt()).isNotNull();
        }
    }

    /** The figures: the table, how the critical path is worked out, and where the time of each went. */
    private void profile(Run run, Instant asked, Duration check, Measured serial, Measured parallel, Measured patchrun) {
        Map<String, Duration> builds = new LinkedHashMap<>();
        run.images().forEach(image -> builds.put(image.name(), Duration.ofMillis(image.buildMillis())));
        Map<String, RolloutLog.Entry> rollovers = new LinkedHashMap<>();
        fleet.apps().forEach(app -> rollovers.put(app.name(), rolloutLog.of(container(app)).get(0)));
        Map<String, Duration> rolloverTimes = new LinkedHashMap<>();
        rollovers.forEach((image, entry) -> rolloverTimes.put(image, Duration.between(entry.recordedAt(), entry.endedAt())));
        CriticalPath.Chain chain = CriticalPath.longestChain(fleet.parents(), builds, rolloverTimes);
        Duration schedule = CriticalPath.schedule(fleet.parents(), builds, rolloverTimes, BUILDS_AT_ONCE, ROLLOUTS_AT_ONCE);

        report.table(serial, parallel, patchrun, chain, schedule, BUILDS_AT_ONCE, ROLLOUTS_AT_ONCE, STOP_TIMEOUT);
        report.line("");
        report.explain(chain, schedule, patchrun.total(), BUILDS_AT_ONCE, ROLLOUTS_AT_ONCE, STOP_TIMEOUT);
        report.line("");
        report.timeline(check, Duration.between(asked, run.startedAt()), steps(run, asked), Duration.between(asked, run.endedAt()),
                imageTimes(run, asked, rollovers, patchrun.replacements()));
        report.line("");
        report.replacements(List.of(serial, parallel, patchrun));
    }

    /** The run's Spring Batch steps, as {@code name start .. end} in seconds from the start request. */
    private List<String> steps(Run run, Instant asked) {
        return jdbc.sql("SELECT s.STEP_NAME, s.START_TIME, s.END_TIME FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION_PARAMS p"
                        + " ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'run.id' AND p.PARAMETER_VALUE = ?"
                        + " ORDER BY s.STEP_EXECUTION_ID").param(String.valueOf(run.id()))
                .query((rs, row) -> String.format(java.util.Locale.ROOT, "%-8s %.2f .. %.2f", rs.getString(1),
                        Duration.between(asked, rs.getTimestamp(2).toInstant()).toMillis() / 1000.0,
                        Duration.between(asked, rs.getTimestamp(3).toInstant()).toMillis() / 1000.0))
                .list();
    }

    private List<BenchReport.ImageTimes> imageTimes(Run run, Instant asked, Map<String, RolloutLog.Entry> rollovers,
                                                    List<EngineEvents.Replacement> replacements) {
        Map<String, EngineEvents.Replacement> byContainer = new TreeMap<>();
        replacements.forEach(replacement -> byContainer.put(replacement.container(), replacement));
        List<BenchReport.ImageTimes> times = new ArrayList<>();
        for (RunImage image : run.images()) {
            Instant buildStart = versions.version(image.name(), image.tag()).orElseThrow().builtAt();
            Duration build = Duration.ofMillis(image.buildMillis());
            RolloutLog.Entry rollover = rollovers.get(image.name());
            EngineEvents.Replacement replaced = rollover == null ? null : byContainer.get(rollover.containerName());
            times.add(new BenchReport.ImageTimes(image.name(), Duration.between(asked, buildStart), build,
                    rollover == null ? null : Duration.between(asked, rollover.recordedAt()),
                    rollover == null ? null : Duration.between(rollover.recordedAt(), rollover.endedAt()),
                    rollover == null ? null : Duration.between(buildStart.plus(build), rollover.recordedAt()),
                    replaced == null ? null : replaced.deathToStopped(), replaced == null ? null : replaced.stoppedToStarted()));
        }
        times.sort(Comparator.comparing(BenchReport.ImageTimes::buildAt));
        return times;
    }

    /** The replacements the events tell of, once the last events had time to arrive. */
    private List<EngineEvents.Replacement> settled(EngineEvents events) throws InterruptedException {
        Thread.sleep(500);
        return events.replacements(ports.keySet());
    }

    /** Starts one container per app on a free loopback port, as the fleet's operator had them, and waits until each answers. */
    private Map<String, Integer> startApps() throws IOException, InterruptedException {
        Map<String, Integer> started = new TreeMap<>();
        ExposedPort http = ExposedPort.tcp(8080);
        for (BenchFleet.Image app : fleet.apps()) {
            int port = freePort(started.values());
            Ports bindings = new Ports();
            bindings.bind(http, Ports.Binding.bindIpAndPort("127.0.0.1", port));
            String id = engine.docker().createContainerCmd(app.name() + ":latest").withName(container(app))
                    .withLabels(engine.labels()).withExposedPorts(http)
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings)).exec().getId();
            engine.docker().startContainerCmd(id).exec();
            started.put(container(app), port);
        }
        for (Map.Entry<String, Integer> app : started.entrySet()) {
            awaitAnswer(app.getKey(), app.getValue());
        }
        return started;
    }

    /** The scripts' steps: every build in dependency order, then every app container's stop, removal and run. */
    private List<String> scriptSteps() {
        List<String> steps = new ArrayList<>(fleet.buildSteps());
        for (BenchFleet.Image app : fleet.apps()) {
            steps.add("roll " + container(app) + " " + app.name() + ":latest " + ports.get(container(app)) + " "
                    + Engine.TEST_LABEL + "=" + engine.token() + " " + STOP_TIMEOUT.toSeconds());
        }
        return steps;
    }

    private void assertAppRuns(String container, String image) throws InterruptedException {
        InspectContainerResponse now = engine.docker().inspectContainerCmd(container).exec();
        assertThat(now.getState().getRunning()).as(container + " runs").isTrue();
        assertThat(now.getImageId()).as(container + " runs " + image).isEqualTo(engine.docker().inspectImageCmd(image).exec().getId());
        awaitAnswer(container, ports.get(container));
    }

    private static void awaitAnswer(String container, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Prober.answers(port)) {
            assertThat(System.nanoTime()).as(container + " answers on 127.0.0.1:" + port).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int freePort(Iterable<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                boolean free = true;
                for (int used : taken) {
                    free &= used != port;
                }
                if (free) {
                    return port;
                }
            }
        }
    }

    private String container(BenchFleet.Image app) {
        return engine.token() + "-" + app.folder();
    }

    private static RunImage image(Run run, String name) {
        return run.images().stream().filter(image -> image.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in run " + run.id()));
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
