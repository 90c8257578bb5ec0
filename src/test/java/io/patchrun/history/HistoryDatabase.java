package io.patchrun.history;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.patchrun.testsupport.Migrations;

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
        Migrations.migrate(dataSource);
        return new HistoryDatabase(dataSource, clock);
    }

    /** The tables in {@code dataSource}, migrated already (PostgreSQL, say). */
    public static HistoryDatabase on(DataSource dataSource, Clock clock) {
        return new HistoryDatabase(dataSource, clock);
    }

    /**
     * The tables in an H2 file under {@code dir}, reached as Patchrun reaches its own: through a connection pool, each
     * commit written before it returns.
     */
    public static HistoryDatabase file(Path dir, Clock clock) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + dir.toAbsolutePath().resolve("patchrun") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        Migrations.migrate(dataSource);
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

    /** The run leases of instance {@code instance}: 30 s, renewed every 10 s; {@code shared} as on PostgreSQL. */
    public RunLeases leases(String instance, boolean shared) {
        return new RunLeases(jdbc, clock, instance, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10), shared);
    }

    public VersionHistory versions() {
        return new VersionHistory(jdbc);
    }
}
