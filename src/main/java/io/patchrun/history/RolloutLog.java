package io.patchrun.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Each container rollover as written before it changed anything, and how and when it ended. */
@Repository
public class RolloutLog {

    /**
     * One rollover as recorded.
     *
     * @param recordedAt when it was written, just before the new container was created
     * @param endedAt    when it ended (the old container removed, or put back), {@code null} while it goes
     */
    public record Entry(long id, String containerName, String image, String newImage, String snapshot, Instant recordedAt,
                        String result, String message, Instant endedAt) {
    }

    /**
     * A rollover begun and never ended, as journaled.
     *
     * @param runId          the run it belongs to, {@code null} when it was journaled without one
     * @param attempt        the attempt's part of its temporary container names, {@code null} in older journals
     * @param step           the last step written down, {@code null} in older journals
     * @param newContainerId the new container's id once written down, else {@code null}
     * @param instance       the instance that journaled it, {@code null} in older journals
     * @param engine         the engine the container is on, {@code null} for the build engine (and in older journals)
     */
    public record Unfinished(long id, Long runId, String containerId, String containerName, String attempt, String imageId, String newImage,
                             String newImageId, String step, String newContainerId, Instant recordedAt, String instance, String engine) {

        /** As journaled before entries named their instance and engine. */
        public Unfinished(long id, Long runId, String containerId, String containerName, String attempt, String imageId, String newImage,
                          String newImageId, String step, String newContainerId, Instant recordedAt) {
            this(id, runId, containerId, containerName, attempt, imageId, newImage, newImageId, step, newContainerId, recordedAt, null, null);
        }
    }

    private final JdbcClient jdbc;

    RolloutLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the entry's id, to close it with {@link #ended} */
    public long before(String containerId, String containerName, String image, String imageId, String newImage,
                       String newImageId, String snapshot, Instant recordedAt) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO PATCHRUN_ROLLOUT (CONTAINER_ID, CONTAINER_NAME, IMAGE, IMAGE_ID, NEW_IMAGE, NEW_IMAGE_ID, SNAPSHOT, RECORDED_AT)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(containerId, containerName, image, imageId, newImage, newImageId, snapshot, Timestamp.from(recordedAt))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Like {@link #before(String, String, String, String, String, String, String, Instant)}, for a run and an attempt. */
    public long before(String containerId, String containerName, String image, String imageId, String newImage, String newImageId,
                       String snapshot, Instant recordedAt, Long runId, String attempt, String step) {
        return before(containerId, containerName, image, imageId, newImage, newImageId, snapshot, recordedAt, runId, attempt, step, null, null);
    }

    /**
     * Like {@link #before(String, String, String, String, String, String, String, Instant, Long, String, String)}, by an instance
     * ({@code null}: none named), for a container on engine {@code engine} ({@code null}: the build engine).
     */
    public long before(String containerId, String containerName, String image, String imageId, String newImage, String newImageId,
                       String snapshot, Instant recordedAt, Long runId, String attempt, String step, String instance, String engine) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO PATCHRUN_ROLLOUT (CONTAINER_ID, CONTAINER_NAME, IMAGE, IMAGE_ID, NEW_IMAGE, NEW_IMAGE_ID, SNAPSHOT, RECORDED_AT,"
                        + " RUN_ID, ATTEMPT, STEP, INSTANCE_ID, ENGINE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(containerId, containerName, image, imageId, newImage, newImageId, snapshot, Timestamp.from(recordedAt), runId, attempt, step,
                        instance, engine)
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Writes down the step a rollover is about to take. */
    public void step(long id, String step) {
        jdbc.sql("UPDATE PATCHRUN_ROLLOUT SET STEP = ? WHERE ID = ?").params(step, id).update();
    }

    /** Writes down the step a rollover is about to take, and the id of the container it created. */
    public void step(long id, String step, String newContainerId) {
        jdbc.sql("UPDATE PATCHRUN_ROLLOUT SET STEP = ?, NEW_CONTAINER_ID = ? WHERE ID = ?").params(step, newContainerId, id).update();
    }

    /** The rollovers begun and never ended, oldest first. */
    public List<Unfinished> unfinished() {
        return jdbc.sql("SELECT ID, RUN_ID, CONTAINER_ID, CONTAINER_NAME, ATTEMPT, IMAGE_ID, NEW_IMAGE, NEW_IMAGE_ID, STEP, NEW_CONTAINER_ID, RECORDED_AT,"
                        + " INSTANCE_ID, ENGINE FROM PATCHRUN_ROLLOUT WHERE ENDED_AT IS NULL ORDER BY ID")
                .query((rs, row) -> new Unfinished(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13)))
                .list();
    }

    public void ended(long id, String result, String message, Instant endedAt) {
        jdbc.sql("UPDATE PATCHRUN_ROLLOUT SET RESULT = ?, MESSAGE = ?, ENDED_AT = ? WHERE ID = ?")
                .params(result, message, Timestamp.from(endedAt), id).update();
    }

    /** The rollovers of one container, newest first. */
    public List<Entry> of(String containerName) {
        return jdbc.sql("SELECT ID, CONTAINER_NAME, IMAGE, NEW_IMAGE, SNAPSHOT, RECORDED_AT, RESULT, MESSAGE, ENDED_AT"
                        + " FROM PATCHRUN_ROLLOUT WHERE CONTAINER_NAME = ? ORDER BY ID DESC").param(containerName)
                .query((rs, row) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
                .list();
    }
}
