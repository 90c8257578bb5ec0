package io.patchrun.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.patchrun.testsupport.Migrations;
import io.patchrun.testsupport.MutableClock;
import io.patchrun.testsupport.Postgres;

/** The history against a real PostgreSQL server from Debian: its migrations from empty, and each repository's statements. */
class PostgresHistoryTest {

    private static Postgres postgres;
    private static DriverManagerDataSource dataSource;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T03:00:00.125Z"));

    @BeforeAll
    static void server() throws Exception {
        postgres = Postgres.start();
        dataSource = Migrations.migrate(postgres.dataSource(), "postgresql");
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migrations_applyFromEmpty_withSpringBatchAndQuartzTables() {
        JdbcClient jdbc = JdbcClient.create(dataSource);

        assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank").query(String.class).list())
                .containsExactly("1", "2", "3", "4", "5", "8", "9", "12", "16", "17");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT nextval('BATCH_JOB_EXECUTION_SEQ')").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM QRTZ_LOCKS").query(Integer.class).single()).isZero();
    }

    @Test
    void run_isRecordedFromQueueToEnd_withImagesBasesAndLog() {
        HistoryDatabase db = HistoryDatabase.on(dataSource, clock);
        RunHistory runs = db.runs();

        long id = runs.queue("pg-run", "api", "admin", List.of("demo/platform", "demo/web"), null, "host-1-abc");
        assertThat(runs.active("pg-run")).contains(id);
        runs.started(id);
        runs.checkedBases(id, List.of(new RunBase("127.0.0.1:5000/base:1", "sha256:a", null)));
        runs.checkedBases(id, List.of(new RunBase("127.0.0.1:5000/base:1", null, "registry did not answer")));
        runs.image(id, new RunImage("demo/web", ImageStatus.DEPLOYED, "t1", "sha256:a", "abc", 900L, List.of("web-1", "web-2"), "rolled over",
                List.of(new SkippedContainer("web-3", "labelled io.patchrun.enable=false"))));
        runs.image(id, new RunImage("demo/extra", ImageStatus.FAILED, null, null, null, null, List.of(), "not planned"));
        runs.buildLog(id, "demo/web", "Step 1/3 : FROM x\n");
        runs.note(id, "first");
        runs.note(id, "second");
        clock.advance(Duration.ofSeconds(60));
        runs.finished(id, RunStatus.PARTIAL, "1 of 2");

        Run run = runs.find(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.startedAt()).isEqualTo(Instant.parse("2026-12-01T03:00:00.125Z"));
        assertThat(run.endedAt()).isEqualTo(Instant.parse("2026-12-01T03:01:00.125Z"));
        assertThat(run.images()).extracting(RunImage::name).containsExactly("demo/platform", "demo/web", "demo/extra");
        assertThat(run.images().get(1).containers()).containsExactly("web-1", "web-2");
        assertThat(run.images().get(1).skipped()).extracting(SkippedContainer::container).containsExactly("web-3");
        assertThat(run.bases()).containsExactly(new RunBase("127.0.0.1:5000/base:1", null, "registry did not answer"));
        assertThat(runs.buildLog(id, "demo/web")).contains("Step 1/3 : FROM x\n");
        assertThat(runs.active("pg-run")).isEmpty();
        assertThat(runs.list("pg-run", RunStatus.PARTIAL, 0, 10)).extracting(Run::id).containsExactly(id);
        assertThat(runs.count("pg-run", null)).isEqualTo(1);
        long resumed = runs.queue("pg-run", "resume", "admin", List.of(), id, "host-1-abc");
        assertThat(runs.resumedBy(id)).contains(resumed);
    }

    @Test
    void versions_readyVersionsAndBases_areKeptAsOnH2() {
        HistoryDatabase db = HistoryDatabase.on(dataSource, clock);
        VersionHistory versions = db.versions();
        versions.add(new ImageVersion("pg/web", "t1", "sha256:1", "sha256:b1", "c1", clock.instant(), 1L, false, false));
        versions.add(new ImageVersion("pg/web", "t2", "sha256:2", "sha256:b2", "c2", clock.instant().plusSeconds(1), 2L, false, false));
        versions.add(new ImageVersion("pg/web", "t2", "sha256:22", "sha256:b2", "c2", clock.instant().plusSeconds(1), 2L, false, false));
        versions.makeCurrent("pg/web", "t2");
        versions.pruned("pg/web", "t1");

        assertThat(versions.versions("pg/web")).extracting(ImageVersion::tag, ImageVersion::imageId, ImageVersion::current, ImageVersion::pruned)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t2", "sha256:22", true, false),
                        org.assertj.core.groups.Tuple.tuple("t1", "sha256:1", false, true));

        ReadyVersions ready = db.ready();
        ready.ready("pg-ready", "pg/web", "t1", 1L);
        ready.ready("pg-ready", "pg/web", "t2", 2L);
        assertThat(ready.count("pg-ready")).isEqualTo(1);
        assertThat(ready.find("pg/web")).map(ReadyVersion::tag).contains("t2");

        BaseHistory bases = db.bases();
        bases.seen("pg.example/base:1", "sha256:d1");
        bases.markPending("pg-ready", "pg.example/base:1");
        bases.markPending("pg-ready", "pg.example/base:1");
        assertThat(bases.pending("pg-ready")).containsExactly("pg.example/base:1");
        assertThat(bases.refsOf(List.of("sha256:d1"))).isEqualTo(Map.of("sha256:d1", "pg.example/base:1"));
    }

    @Test
    void rolloverJournal_keepsWhatWasBegun_untilItEnds_withItsInstance() {
        RolloutLog log = HistoryDatabase.on(dataSource, clock).rollouts();
        long id = log.before("c0ffee", "pg-web-1", "demo/web:1", "sha256:old", "demo/web:2", "sha256:new", "{\"x\":1}", clock.instant(), 7L,
                "0a1b2c3d", "CREATE_NEW", "host-1-abc", "edge");
        log.step(id, "STOP_OLD", "beef");

        assertThat(log.unfinished()).filteredOn(entry -> entry.id() == id).containsExactly(new RolloutLog.Unfinished(id, 7L, "c0ffee",
                "pg-web-1", "0a1b2c3d", "sha256:old", "demo/web:2", "sha256:new", "STOP_OLD", "beef", clock.instant(), "host-1-abc", "edge"));
        log.ended(id, "DEPLOYED", "runs demo/web:2 now", clock.instant().plusSeconds(5));
        assertThat(log.unfinished()).noneMatch(entry -> entry.id() == id);
        assertThat(log.of("pg-web-1").get(0).endedAt()).isEqualTo(clock.instant().plusSeconds(5));
    }

    @Test
    void lease_isHeldByOneInstance_untilItExpires_thenTakenOver_andTheDeadInstancesRunsAreLeftOver() {
        HistoryDatabase db = HistoryDatabase.on(dataSource, clock);
        RunLeases a = db.leases("host-a-1", true);
        RunLeases b = db.leases("host-b-2", true);
        RunHistory runs = db.runs();

        assertThat(a.take("pg-lease")).isEqualTo(RunLeases.Outcome.TAKEN);
        long run = runs.queue("pg-lease", "schedule", null, List.of(), null, a.instance());
        a.bind("pg-lease", run);
        runs.started(run);
        assertThat(b.take("pg-lease")).isEqualTo(RunLeases.Outcome.HELD);
        assertThat(b.find("pg-lease")).contains(new RunLeases.Lease("pg-lease", "host-a-1", run, clock.instant().plusSeconds(30)));
        assertThat(b.leftOver("host-a-1")).isFalse();
        assertThat(runs.abandonLeftOver(b, "taken over")).doesNotContain(run);

        clock.advance(Duration.ofSeconds(20));
        assertThat(a.renew(List.of("pg-lease"))).containsExactly("pg-lease");
        clock.advance(Duration.ofSeconds(29));
        assertThat(b.take("pg-lease")).as("renewed 29 s ago").isEqualTo(RunLeases.Outcome.HELD);

        clock.advance(Duration.ofSeconds(1));
        assertThat(b.leftOver("host-a-1")).isTrue();
        assertThat(b.take("pg-lease")).isEqualTo(RunLeases.Outcome.TAKEN_OVER);
        assertThat(runs.abandonLeftOver(b, "taken over")).contains(run);
        assertThat(runs.find(run).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.find(run).orElseThrow().message()).isEqualTo("taken over");
        assertThat(a.renew(List.of("pg-lease"))).as("a lease taken over is not renewed by the instance that lost it").isEmpty();

        b.release("pg-lease");
        assertThat(a.take("pg-lease")).isEqualTo(RunLeases.Outcome.TAKEN);
        a.release("pg-lease");
    }

    @Test
    void twoInstancesTakingOneLeaseAtOnce_onlyOneGetsIt() throws Exception {
        HistoryDatabase db = HistoryDatabase.on(dataSource, clock);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                String pipeline = "pg-race-" + round;
                if (round % 2 == 1) {
                    // Half the rounds race over an expired lease (an update), half over none (an insert).
                    db.leases("host-dead-0", true).take(pipeline);
                    clock.advance(Duration.ofSeconds(31));
                }
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<RunLeases.Outcome>> outcomes = new ArrayList<>();
                for (String instance : List.of("host-racer-1", "host-racer-2")) {
                    RunLeases leases = db.leases(instance, true);
                    outcomes.add(threads.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return leases.take(pipeline);
                    }));
                }
                List<RunLeases.Outcome> results = new ArrayList<>();
                for (Future<RunLeases.Outcome> outcome : outcomes) {
                    results.add(outcome.get(30, TimeUnit.SECONDS));
                }
                assertThat(results).as("round %d", round).containsOnlyOnce(RunLeases.Outcome.HELD)
                        .anyMatch(outcome -> outcome != RunLeases.Outcome.HELD);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
