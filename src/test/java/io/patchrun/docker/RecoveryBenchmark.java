package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.history.HistoryDatabase;
import io.patchrun.history.HistoryJournal;
import io.patchrun.image.ImageRef;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverStep;
import io.patchrun.testsupport.BenchmarkFigures;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineProxy;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.PatchrunProcess;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the rollout journal costs and what reading it back takes: the time a rollover spends writing its journal
 * (its record, each step, its end) to the H2 file as Patchrun writes it, over real rollovers on the engine; and the
 * time the packaged jar takes at start to put to rest 100 rollovers a killed process left half-way (each new
 * container created, each old one asked to stop and exited, all waiting for their cutover). The second needs the jar:
 * {@code mvn -q package -DskipTests} first. Prints the figures and writes them to target/benchmarks/recovery-*.txt.
 */
@Tag("benchmark")
@EngineTest
class RecoveryBenchmark {

    private static final int ROLLOVERS = 20;
    private static final int LEFT_HALF_WAY = 100;
    private static final Pattern PUT_TO_REST = Pattern.compile("(\\d+) rollover\\(s\\) left unfinished by the last process were put to rest in (.+)");

    private final List<String> report = new ArrayList<>();

    @Test
    void journalCost(Engine engine, @TempDir Path work) throws IOException {
        RolloutImages images = new RolloutImages(engine, work);
        String serve = "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]";
        List<String> versions = List.of(images.web("journal", "v1", "v1", serve), images.web("journal", "v2", "v2", serve));
        Clock clock = Clock.systemUTC();
        HistoryDatabase db = HistoryDatabase.file(mkdirs(work.resolve("db")), clock);
        TimedJournal journal = new TimedJournal(new HistoryJournal(db.rollouts(), clock).forRun(1));
        Rollover rollover = new Rollover(new DockerContainers(engine.docker()), journal, clock, Pause.sleeping());
        String name = engine.token() + "-journal";
        String id = engine.docker().createContainerCmd(versions.get(0)).withName(name).withLabels(engine.labels()).exec().getId();
        engine.docker().startContainerCmd(id).exec();
        long[] journalNanos = new long[ROLLOVERS];
        long[] rolloverNanos = new long[ROLLOVERS];
        int writes = 0;
        for (int round = 0; round < ROLLOVERS; round++) {
            journal.reset();
            long began = System.nanoTime();
            RolloverResult result = rollover.rollOver(name, versions.get((round + 1) % 2), RolloutPolicy.defaults().withMinUptime(Duration.ZERO));
            rolloverNanos[round] = System.nanoTime() - began;
            assertThat(result.status()).as(result.message()).isEqualTo(RolloverResult.Status.DEPLOYED);
            journalNanos[round] = journal.nanos.get();
            writes = journal.writes.get();
        }
        report.add(String.format("journal: %d rollovers on the engine, %d journal writes each to the H2 file (each commit written before it"
                        + " returns): %.1f ms per rollover (median; max %.1f ms) of %.0f ms per rollover",
                ROLLOVERS, writes, ms(BenchmarkFigures.median(journalNanos)), ms(max(journalNanos)), ms(BenchmarkFigures.median(rolloverNanos))));
        BenchmarkFigures.printAndWrite("recovery-journal", report);
    }

    @Test
    void recoveryAtStart(Engine engine, @TempDir Path work) throws Exception {
        ImageRef base = engine.makeBase("base", "stable");
        String image = engine.token() + "/many";
        GitRepos.init(work.resolve("repo")).write("Dockerfile", "FROM " + base.familiarName() + ":stable\n"
                + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM INT; sleep 100000 & wait\"]\n").commit("many");
        Files.createDirectories(work.resolve("pipelines"));
        Files.writeString(work.resolve("pipelines/many.yml"), """
                name: many
                parallel: { builds: 1, rollouts: %d }
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        rollout: { stopTimeout: PT30S, healthTimeout: PT30S }
                """.formatted(LEFT_HALF_WAY, work.resolve("repo"), image));
        List<String> args = List.of("--patchrun.data-dir=" + work.resolve("data"), "--patchrun.pipelines-dir=" + work.resolve("pipelines"));
        ObjectMapper json = new ObjectMapper();
        try (EngineProxy proxy = EngineProxy.start(DockerClients.describe(null))) {
            List<String> viaProxy = new ArrayList<>(args);
            viaProxy.add("--patchrun.docker.host=" + proxy.host());
            try (PatchrunProcess patchrun = PatchrunProcess.start(work.resolve("server"), viaProxy.toArray(String[]::new))) {
                long first = json.readTree(patchrun.postJson("/api/pipelines/many/runs", "{\"force\": true}", 202)).get("id").asLong();
                await().atMost(Duration.ofMinutes(5)).until(() -> json.readTree(patchrun.getJson("/api/runs/" + first)).get("status").asText()
                        .equals("SUCCEEDED"));
                Set<String> old = new HashSet<>();
                for (int i = 0; i < LEFT_HALF_WAY; i++) {
                    String id = engine.docker().createContainerCmd(image + ":latest").withName(String.format("%s-m%03d", engine.token(), i))
                            .withLabels(engine.labels()).exec().getId();
                    engine.docker().startContainerCmd(id).exec();
                    old.add(id);
                }
                EngineProxy.Hold firstCutover = proxy.hold(call -> call.method().equals("POST") && call.path().endsWith("/stop")
                        && call.after("containers").filter(old::contains).isPresent());
                patchrun.postJson("/api/pipelines/many/runs", "{\"force\": true}", 202);
                firstCutover.await(Duration.ofMinutes(10));
                await().atMost(Duration.ofMinutes(10)).until(() -> temporary(engine).size() == LEFT_HALF_WAY
                        && old.stream().noneMatch(id -> running(engine, id)));
                patchrun.kill();
                firstCutover.drop();
            }
        }
        long began = System.nanoTime();
        try (PatchrunProcess patchrun = PatchrunProcess.start(work.resolve("server"), args.toArray(String[]::new))) {
            long answered = System.nanoTime() - began;
            Matcher put = PUT_TO_REST.matcher(patchrun.log());
            assertThat(put.find()).as(patchrun.tail()).isTrue();
            assertThat(temporary(engine)).isEmpty();
            assertThat(engine.docker().listContainersCmd().withLabelFilter(engine.labels()).exec()).hasSize(LEFT_HALF_WAY + 1);
            report.add(String.format("recovery at start: %s rollovers left half-way (new container created, old one stopped) put to rest in %s;"
                    + " the jar answered %.1f s after it was started", put.group(1), put.group(2), ms(answered) / 1000));
        }
        BenchmarkFigures.printAndWrite("recovery-at-start", report);
    }

    private static List<Container> temporary(Engine engine) {
        return engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec().stream()
                .filter(c -> String.join(",", c.getNames()).contains("-patchrun-")).toList();
    }

    private static boolean running(Engine engine, String id) {
        InspectContainerResponse container = engine.docker().inspectContainerCmd(id).exec();
        return Boolean.TRUE.equals(container.getState().getRunning());
    }

    /** Passes every write on to the journal and adds up the time it takes. */
    private static final class TimedJournal implements RolloutJournal {

        private final RolloutJournal journal;
        final AtomicLong nanos = new AtomicLong();
        final AtomicInteger writes = new AtomicInteger();

        TimedJournal(RolloutJournal journal) {
            this.journal = journal;
        }

        void reset() {
            nanos.set(0);
            writes.set(0);
        }

        private void timed(Runnable write) {
            long began = System.nanoTime();
            write.run();
            nanos.addAndGet(System.nanoTime() - began);
            writes.incrementAndGet();
        }

        @Override
        public void record(RolloutRecord record) {
            timed(() -> journal.record(record));
        }

        @Override
        public void created(RolloutRecord record, String newContainerId) {
            timed(() -> journal.created(record, newContainerId));
        }

        @Override
        public void step(RolloutRecord record, RolloverStep step) {
            timed(() -> journal.step(record, step));
        }

        @Override
        public void finished(RolloutRecord record, RolloverResult result) {
            timed(() -> journal.finished(record, result));
        }
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long max(long[] values) {
        long most = 0;
        for (long value : values) {
            most = Math.max(most, value);
        }
        return most;
    }
}
