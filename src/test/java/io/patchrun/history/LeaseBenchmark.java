package io.patchrun.history;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.testsupport.BenchmarkFigures;
import io.patchrun.testsupport.Migrations;
import io.patchrun.testsupport.Postgres;

/**
 * What a run's lease costs: taking, binding and freeing it once per run, renewing the leases of the runs going, and two
 * instances racing for one pipeline; on the H2 file Patchrun uses by default and on PostgreSQL (Debian's, on this
 * machine, over TCP on 127.0.0.1).
 */
@Tag("benchmark")
class LeaseBenchmark {

    private static final int RUNS = 500;
    private static final int RACES = 200;

    @Test
    void leaseCosts_onH2AndPostgresql(@TempDir Path tmp) throws Exception {
        List<String> report = new ArrayList<>();
        report.addAll(measure("H2 file", HistoryDatabase.file(tmp, Clock.systemUTC())));
        try (Postgres postgres = Postgres.start(); HikariDataSource pool = new HikariDataSource()) {
            // Through a connection pool, as Patchrun reaches it: a connection per statement would measure the log-in.
            pool.setJdbcUrl(postgres.url());
            pool.setUsername(Postgres.USER);
            pool.setPassword(Postgres.PASSWORD);
            report.addAll(measure("PostgreSQL", HistoryDatabase.on(Migrations.migrate(pool, "postgresql"), Clock.systemUTC())));
        }
        BenchmarkFigures.printAndWrite("leases", report);
    }

    private static List<String> measure(String database, HistoryDatabase db) throws Exception {
        RunLeases leases = db.leases("bench-1", true);
        long[] cycle = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long began = System.nanoTime();
            leases.take("bench-" + i);
            leases.bind("bench-" + i, i);
            leases.release("bench-" + i);
            cycle[i] = System.nanoTime() - began;
        }
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            leases.take("held-" + i);
            held.add("held-" + i);
        }
        long[] renew = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long began = System.nanoTime();
            leases.renew(held);
            renew[i] = System.nanoTime() - began;
        }
        long[] race = new long[RACES];
        int won = 0;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < RACES; i++) {
                String pipeline = "race-" + i;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<RunLeases.Outcome>> outcomes = new ArrayList<>();
                long began = System.nanoTime();
                for (RunLeases racer : List.of(db.leases("bench-a", true), db.leases("bench-b", true))) {
                    outcomes.add(threads.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return racer.take(pipeline);
                    }));
                }
                for (Future<RunLeases.Outcome> outcome : outcomes) {
                    won += outcome.get(30, TimeUnit.SECONDS) == RunLeases.Outcome.HELD ? 0 : 1;
                }
                race[i] = System.nanoTime() - began;
            }
        } finally {
            threads.shutdownNow();
        }
        return List.of(
                "%s: take + bind + release of one run's lease %.2f ms (median of %d; max %.1f ms)".formatted(database,
                        ms(BenchmarkFigures.median(cycle)), RUNS, ms(max(cycle))),
                "%s: renewing 10 leases %.2f ms (median of %d)".formatted(database, ms(BenchmarkFigures.median(renew)), RUNS),
                "%s: two instances racing for one lease %.2f ms (median of %d); won %d times (one per race expected: %d)".formatted(database,
                        ms(BenchmarkFigures.median(race)), RACES, won, RACES));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long max(long[] values) {
        long max = 0;
        for (long value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
