package io.patchrun.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Runs, what each did to each image, and the build logs. */
@Repository
public class RunHistory {

    /** The room of PATCHRUN_RUN_SKIPPED.REASON. */
    private static final int REASON_ROOM = 8000;
    private static final String RUN_COLUMNS = "ID, PIPELINE, TRIGGER_KIND, REQUESTED_BY, STATUS, CREATED_AT, STARTED_AT, ENDED_AT, MESSAGE, RESUMES";

    private final JdbcClient jdbc;
    private final Clock clock;

    RunHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a new run as QUEUED, with the images it plans to touch, and returns its id. */
    public long queue(String pipeline, String trigger, String requestedBy, List<String> images) {
        return queue(pipeline, trigger, requestedBy, images, null);
    }

    /**
     * Records a new run as QUEUED, with the images it plans to touch, and returns its id.
     *
     * @param resumes the run it continues, or {@code null}
     */
    public long queue(String pipeline, String trigger, String requestedBy, List<String> images, Long resumes) {
        return queue(pipeline, trigger, requestedBy, images, resumes, null);
    }

    /**
     * As {@link #queue(String, String, String, List, Long)}, for the instance running it ({@link RunLeases#instance()}):
     * recovery leaves a run alone while that instance renews its lease.
     */
    @Transactional
    public long queue(String pipeline, String trigger, String requestedBy, List<String> images, Long resumes, String instance) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO PATCHRUN_RUN (PIPELINE, TRIGGER_KIND, REQUESTED_BY, STATUS, CREATED_AT, RESUMES, INSTANCE_ID) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(pipeline, trigger, requestedBy, RunStatus.QUEUED.name(), ts(clock.instant()), resumes, instance)
                .update(key, "id"); // lower case: PostgreSQL's driver quotes the name, H2 finds it either way
        long id = key.getKey().longValue();
        for (int i = 0; i < images.size(); i++) {
            jdbc.sql("INSERT INTO PATCHRUN_RUN_IMAGE (RUN_ID, IMAGE, POSITION, STATUS) VALUES (?, ?, ?, ?)")
                    .params(id, images.get(i), i, ImageStatus.PENDING.name()).update();
        }
        return id;
    }

    public void started(long id) {
        jdbc.sql("UPDATE PATCHRUN_RUN SET STATUS = ?, STARTED_AT = ? WHERE ID = ?")
                .params(RunStatus.RUNNING.name(), ts(clock.instant()), id).update();
    }

    public void finished(long id, RunStatus status, String message) {
        jdbc.sql("UPDATE PATCHRUN_RUN SET STATUS = ?, ENDED_AT = ?, MESSAGE = ? WHERE ID = ?")
                .params(status.name(), ts(clock.instant()), message, id).update();
    }

    /** Adds {@code note} to the message of run {@code id}, after what it says already. */
    public void note(long id, String note) {
        jdbc.sql("UPDATE PATCHRUN_RUN SET MESSAGE = LEFT(CASE WHEN MESSAGE IS NULL OR MESSAGE = '' THEN ? ELSE MESSAGE || '; ' || ? END, 4000)"
                        + " WHERE ID = ?")
                .params(note, note, id).update();
    }

    /** Adds images a run reaches that were not planned at queue time (a rollback's, say). */
    @Transactional
    public void image(long runId, RunImage image) {
        int updated = jdbc.sql("UPDATE PATCHRUN_RUN_IMAGE SET STATUS = ?, TAG = ?, BASE_DIGEST = ?, COMMIT_ID = ?, BUILD_MILLIS = ?,"
                        + " CONTAINERS = ?, MESSAGE = ?, PLACEMENTS = ? WHERE RUN_ID = ? AND IMAGE = ?")
                .params(image.status().name(), image.tag(), image.baseDigest(), image.commit(), image.buildMillis(),
                        String.join(",", image.containers()), image.message(), placements(image), runId, image.name())
                .update();
        if (updated == 0) {
            int position = jdbc.sql("SELECT COUNT(*) FROM PATCHRUN_RUN_IMAGE WHERE RUN_ID = ?").param(runId).query(Integer.class).single();
            jdbc.sql("INSERT INTO PATCHRUN_RUN_IMAGE (RUN_ID, IMAGE, POSITION, STATUS, TAG, BASE_DIGEST, COMMIT_ID, BUILD_MILLIS, CONTAINERS, MESSAGE,"
                            + " PLACEMENTS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(runId, image.name(), position, image.status().name(), image.tag(), image.baseDigest(), image.commit(),
                            image.buildMillis(), String.join(",", image.containers()), image.message(), placements(image))
                    .update();
        }
        jdbc.sql("DELETE FROM PATCHRUN_RUN_SKIPPED WHERE RUN_ID = ? AND IMAGE = ?").params(runId, image.name()).update();
        for (SkippedContainer skipped : image.skipped()) {
            jdbc.sql("INSERT INTO PATCHRUN_RUN_SKIPPED (RUN_ID, IMAGE, CONTAINER, REASON) VALUES (?, ?, ?, ?)")
                    .params(runId, image.name(), skipped.container(), cap(skipped.reason())).update();
        }
    }

    private static String cap(String reason) {
        return reason.length() <= REASON_ROOM ? reason : reason.substring(0, REASON_ROOM - 1) + "…";
    }

    /** Records the upstream bases a run checked before it planned. */
    @Transactional
    public void checkedBases(long runId, List<RunBase> bases) {
        for (RunBase base : bases) {
            if (jdbc.sql("UPDATE PATCHRUN_RUN_BASE SET DIGEST = ?, PROBLEM = ? WHERE RUN_ID = ? AND REF = ?")
                    .params(base.digest(), base.problem(), runId, base.ref()).update() == 0) {
                jdbc.sql("INSERT INTO PATCHRUN_RUN_BASE (RUN_ID, REF, DIGEST, PROBLEM) VALUES (?, ?, ?, ?)")
                        .params(runId, base.ref(), base.digest(), base.problem()).update();
            }
        }
    }

    public void buildLog(long runId, String image, String log) {
        jdbc.sql("UPDATE PATCHRUN_RUN_IMAGE SET BUILD_LOG = ? WHERE RUN_ID = ? AND IMAGE = ?").params(log, runId, image).update();
    }

    public Optional<String> buildLog(long runId, String image) {
        return jdbc.sql("SELECT BUILD_LOG FROM PATCHRUN_RUN_IMAGE WHERE RUN_ID = ? AND IMAGE = ?").params(runId, image)
                .query((rs, row) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(log -> log);
    }

    public Optional<Run> find(long id) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM PATCHRUN_RUN WHERE ID = ?").param(id)
                .query((rs, row) -> run(rs, images(rs.getLong(1)), bases(rs.getLong(1)))).optional();
    }

    /** The run that continues run {@code id}, if one was started. */
    public Optional<Long> resumedBy(long id) {
        return jdbc.sql("SELECT ID FROM PATCHRUN_RUN WHERE RESUMES = ? ORDER BY ID DESC LIMIT 1").param(id).query(Long.class).optional();
    }

    /**
     * Runs newest first, without their images.
     *
     * @param pipeline only this pipeline's, or all when {@code null}
     * @param status   only runs in this state, or all when {@code null}
     */
    public List<Run> list(String pipeline, RunStatus status, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(pipeline, status, params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM PATCHRUN_RUN" + where + " ORDER BY ID DESC LIMIT ? OFFSET ?")
                .params(params).query((rs, row) -> run(rs, List.of(), List.of())).list();
    }

    public int count(String pipeline, RunStatus status) {
        List<Object> params = new ArrayList<>();
        String where = where(pipeline, status, params);
        return jdbc.sql("SELECT COUNT(*) FROM PATCHRUN_RUN" + where).params(params).query(Integer.class).single();
    }

    /** The WHERE clause for the optional filters, adding their values to {@code params}. */
    private static String where(String pipeline, RunStatus status, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (pipeline != null) {
            conditions.add("PIPELINE = ?");
            params.add(pipeline);
        }
        if (status != null) {
            conditions.add("STATUS = ?");
            params.add(status.name());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The run of {@code pipeline} that is queued or running, if any. */
    public Optional<Long> active(String pipeline) {
        return jdbc.sql("SELECT ID FROM PATCHRUN_RUN WHERE PIPELINE = ? AND STATUS IN ('QUEUED', 'RUNNING') ORDER BY ID DESC LIMIT 1")
                .param(pipeline).query(Long.class).optional();
    }

    /** Marks runs left QUEUED or RUNNING by a process that stopped as FAILED, at start. */
    public int abandonActive(String why) {
        return jdbc.sql("UPDATE PATCHRUN_RUN SET STATUS = 'FAILED', ENDED_AT = ?, MESSAGE = ? WHERE STATUS IN ('QUEUED', 'RUNNING')")
                .params(ts(clock.instant()), why).update();
    }

    /**
     * Marks FAILED, with {@code why}, the runs left QUEUED or RUNNING by a process that is gone: those of instances other
     * than this one that no longer renew a lease ({@link RunLeases#leftOver}), and those recorded before runs named their
     * instance.
     *
     * @return the ids of the runs marked
     */
    public List<Long> abandonLeftOver(RunLeases leases, String why) {
        List<ActiveRun> active = jdbc.sql("SELECT ID, INSTANCE_ID FROM PATCHRUN_RUN WHERE STATUS IN ('QUEUED', 'RUNNING') ORDER BY ID")
                .query((rs, row) -> new ActiveRun(rs.getLong(1), rs.getString(2))).list();
        List<Long> abandoned = new ArrayList<>();
        for (ActiveRun run : active) {
            if (!leases.instance().equals(run.instance()) && leases.leftOver(run.instance())
                    && jdbc.sql("UPDATE PATCHRUN_RUN SET STATUS = 'FAILED', ENDED_AT = ?, MESSAGE = ? WHERE ID = ? AND STATUS IN ('QUEUED', 'RUNNING')")
                    .params(ts(clock.instant()), why, run.id()).update() == 1) {
                abandoned.add(run.id());
            }
        }
        return abandoned;
    }

    private record ActiveRun(long id, String instance) {
    }

    private List<RunImage> images(long runId) {
        Map<String, List<SkippedContainer>> skipped = jdbc.sql("SELECT IMAGE, CONTAINER, REASON FROM PATCHRUN_RUN_SKIPPED WHERE RUN_ID = ?"
                        + " ORDER BY IMAGE, CONTAINER").param(runId)
                .query((rs, row) -> Map.entry(rs.getString(1), new SkippedContainer(rs.getString(2), rs.getString(3)))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return jdbc.sql("SELECT IMAGE, STATUS, TAG, BASE_DIGEST, COMMIT_ID, BUILD_MILLIS, CONTAINERS, MESSAGE, PLACEMENTS"
                        + " FROM PATCHRUN_RUN_IMAGE WHERE RUN_ID = ? ORDER BY POSITION")
                .param(runId)
                .query((rs, row) -> new RunImage(rs.getString(1), ImageStatus.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), (Long) rs.getObject(6, Long.class), containers(rs.getString(7)), rs.getString(8),
                        skipped.get(rs.getString(1)), containers(rs.getString(9)).stream().map(Placement::parse).toList()))
                .list();
    }

    private List<RunBase> bases(long runId) {
        return jdbc.sql("SELECT REF, DIGEST, PROBLEM FROM PATCHRUN_RUN_BASE WHERE RUN_ID = ? ORDER BY REF").param(runId)
                .query((rs, row) -> new RunBase(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    private static String placements(RunImage image) {
        return image.placements().isEmpty() ? null : image.placements().stream().map(Placement::joined).collect(Collectors.joining(","));
    }

    private static List<String> containers(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Run run(ResultSet rs, List<RunImage> images, List<RunBase> bases) throws SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), RunStatus.valueOf(rs.getString(5)),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getString(9), images,
                (Long) rs.getObject(10, Long.class), bases);
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
