package io.patchrun.history;

import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Patchrun's history tables in an in-memory H2 database of their own: the real history for tests without Spring. */
public final class HistoryDatabase {

    private final JdbcClient jdbc;
    private final Clock clock;

    private HistoryDatabase(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    public static HistoryDatabase inMemory(Clock clock) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        io.patchrun.testsupport.Migrations.migrate(dataSource);
        return new HistoryDatabase(dataSource, clock);
    }

    public RunHistory runs() {
        return new RunHistory(jdbc, clock);
    }

    public BaseHistory bases() {
        return new BaseHistory(jdbc, clock);
    }

    public RolloutLog rollouts() {
        return new RolloutLog(jdbc);
    }

    public ReadyVersions ready() {
        return new ReadyVersions(jdbc, clock);
    }

    public VersionHistory versions() {
        return new VersionHistory(jdbc);
    }
}
