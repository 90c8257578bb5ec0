package io.patchrun.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run leases in the database: a pipeline runs only while one instance holds its lease, taken atomically before
 * the run is queued, renewed while it goes and deleted when it ends. Instances sharing the database (PostgreSQL) thus
 * never run one pipeline twice at once; a lease not renewed in time ({@link #duration()}) belongs to an instance that
 * died, and is free to be taken over.
 *
 * <p>Expiry is judged by each instance's own clock, so the instances' clocks must agree (NTP) to well within the lease.
 */
public class RunLeases {

    /** A pipeline's lease as recorded: who holds it, for which run ({@code null} while it is being queued), until when. */
    public record Lease(String pipeline, String holder, Long runId, Instant expiresAt) {
    }

    /** What came of asking for a lease. */
    public enum Outcome {
        /** The lease was free: the pipeline is this instance's to run. */
        TAKEN,
        /** The lease had expired: the pipeline is this instance's to run once the dead holder's leftovers are put to rest. */
        TAKEN_OVER,
        /** Another instance holds the lease and renews it. */
        HELD
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String instance;
    private final Duration duration;
    private final Duration heartbeat;
    private final boolean shared;

    /**
     * @param duration  how long a lease lasts without renewal
     * @param heartbeat how often this instance renews its leases ({@link #renew}) and looks for dead instances' leftovers
     * @param shared    whether other processes may open the database too (PostgreSQL), not only this one (an H2 file)
     */
    public RunLeases(JdbcClient jdbc, Clock clock, String instance, Duration duration, Duration heartbeat, boolean shared) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instance = Objects.requireNonNull(instance, "instance");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a run lease must last longer than zero, not " + duration);
        }
        this.duration = duration;
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.shared = shared;
    }

    /** Whether other processes may use the database too; when not, every lease not this process's is a dead process's. */
    public boolean shared() {
        return shared;
    }

    /** This process's instance id, which its leases, runs and journaled rollovers carry. */
    public String instance() {
        return instance;
    }

    public Duration duration() {
        return duration;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /** Takes {@code pipeline}'s lease for this instance, unless another instance holds it and has renewed it in time. */
    public Outcome take(String pipeline) {
        Instant now = clock.instant();
        Instant until = now.plus(duration);
        // Row locks make this atomic: of two instances updating an expired row at once, the second sees it renewed.
        if (jdbc.sql("UPDATE PATCHRUN_RUN_LEASE SET HOLDER = ?, RUN_ID = NULL, TAKEN_AT = ?, EXPIRES_AT = ? WHERE PIPELINE = ? AND EXPIRES_AT <= ?")
                .params(instance, RunHistory.ts(now), RunHistory.ts(until), pipeline, RunHistory.ts(now)).update() == 1) {
            return Outcome.TAKEN_OVER;
        }
        try {
            jdbc.sql("INSERT INTO PATCHRUN_RUN_LEASE (PIPELINE, HOLDER, RUN_ID, TAKEN_AT, EXPIRES_AT) VALUES (?, ?, NULL, ?, ?)")
                    .params(pipeline, instance, RunHistory.ts(now), RunHistory.ts(until)).update();
            return Outcome.TAKEN;
        } catch (DuplicateKeyException e) {
            return Outcome.HELD;
        }
    }

    /** Writes down the run that holds {@code pipeline}'s lease, once it is queued. */
    public void bind(String pipeline, long runId) {
        jdbc.sql("UPDATE PATCHRUN_RUN_LEASE SET RUN_ID = ? WHERE PIPELINE = ? AND HOLDER = ?").params(runId, pipeline, instance).update();
    }

    /** Frees {@code pipeline}'s lease, if this instance holds it. */
    public void release(String pipeline) {
        jdbc.sql("DELETE FROM PATCHRUN_RUN_LEASE WHERE PIPELINE = ? AND HOLDER = ?").params(pipeline, instance).update();
    }

    /**
     * Extends this instance's leases of {@code pipelines}, those its runs hold, by {@link #duration()} from now. A lease of
     * this instance that no run holds (its release failed) is left to expire.
     *
     * @return the pipelines whose leases were renewed: one missing was taken over by another instance meanwhile
     */
    public List<String> renew(Collection<String> pipelines) {
        if (pipelines.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE PATCHRUN_RUN_LEASE SET EXPIRES_AT = :until WHERE HOLDER = :holder AND PIPELINE IN (:pipelines)")
                .param("until", RunHistory.ts(now.plus(duration))).param("holder", instance).param("pipelines", List.copyOf(pipelines)).update();
        return jdbc.sql("SELECT PIPELINE FROM PATCHRUN_RUN_LEASE WHERE HOLDER = :holder AND PIPELINE IN (:pipelines) ORDER BY PIPELINE")
                .param("holder", instance).param("pipelines", List.copyOf(pipelines)).query(String.class).list();
    }

    /** The lease of {@code pipeline} as recorded, expired or not. */
    public Optional<Lease> find(String pipeline) {
        return jdbc.sql("SELECT PIPELINE, HOLDER, RUN_ID, EXPIRES_AT FROM PATCHRUN_RUN_LEASE WHERE PIPELINE = ?").param(pipeline)
                .query((rs, row) -> new Lease(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                        RunHistory.instant(rs.getTimestamp(4))))
                .optional();
    }

    /** Every lease, expired or not, by pipeline: what the health page shows. */
    public List<Lease> all() {
        return jdbc.sql("SELECT PIPELINE, HOLDER, RUN_ID, EXPIRES_AT FROM PATCHRUN_RUN_LEASE ORDER BY PIPELINE")
                .query((rs, row) -> new Lease(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                        RunHistory.instant(rs.getTimestamp(4))))
                .list();
    }

    /**
     * Whether what instance {@code holder} recorded (a run, a journaled rollover) is left over from a process that is
     * gone: recorded before leases existed ({@code null}), by this very instance (its live work is known in memory), or
     * by an instance that holds no lease it renewed in time.
     */
    public boolean leftOver(String holder) {
        if (holder == null || holder.equals(instance)) {
            return true;
        }
        return jdbc.sql("SELECT COUNT(*) FROM PATCHRUN_RUN_LEASE WHERE HOLDER = ? AND EXPIRES_AT > ?")
                .params(holder, RunHistory.ts(clock.instant())).query(Integer.class).single() == 0;
    }

    /**
     * Deletes every lease of other instances: on a database no other process can open (an H2 file), they were all
     * held by an earlier process, which has stopped.
     */
    public int forgetOthers() {
        return jdbc.sql("DELETE FROM PATCHRUN_RUN_LEASE WHERE HOLDER <> ?").param(instance).update();
    }
}
