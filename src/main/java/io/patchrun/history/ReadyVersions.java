package io.patchrun.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The versions ready to roll out when their pipeline's window opens, at most one per image: a newer build
 * replaces an older one, so only the newest goes out. Kept in the database, so a restart keeps them waiting.
 */
@Repository
public class ReadyVersions {

    private static final String COLUMNS = "IMAGE, PIPELINE, TAG, RUN_ID, SINCE";

    private final JdbcClient jdbc;
    private final Clock clock;

    ReadyVersions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records {@code tag} of {@code image} as ready, in place of any version of it that was ready before. */
    public void ready(String pipeline, String image, String tag, long runId) {
        // An update, else an insert: the same on H2 and PostgreSQL (whose MERGE differs from H2's).
        if (jdbc.sql("UPDATE PATCHRUN_READY SET PIPELINE = ?, TAG = ?, RUN_ID = ?, SINCE = ? WHERE IMAGE = ?")
                .params(pipeline, tag, runId, RunHistory.ts(clock.instant()), image).update() == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_READY (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")
                    .params(image, pipeline, tag, runId, RunHistory.ts(clock.instant())).update();
        }
    }

    /** The image waits no more: its ready version was rolled out, rolled back, or another version replaced it. */
    public void done(String image) {
        jdbc.sql("DELETE FROM PATCHRUN_READY WHERE IMAGE = ?").param(image).update();
    }

    /** The versions of {@code pipeline} waiting for its window, by image name. */
    public List<ReadyVersion> of(String pipeline) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM PATCHRUN_READY WHERE PIPELINE = ? ORDER BY IMAGE").param(pipeline)
                .query(ReadyVersions::row)
                .list();
    }

    public Optional<ReadyVersion> find(String image) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM PATCHRUN_READY WHERE IMAGE = ?").param(image)
                .query(ReadyVersions::row)
                .optional();
    }

    private static ReadyVersion row(ResultSet rs, int row) throws SQLException {
        return new ReadyVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), RunHistory.instant(rs.getTimestamp(5)));
    }

    /** How many images of {@code pipeline} wait for its window. */
    public int count(String pipeline) {
        return jdbc.sql("SELECT COUNT(*) FROM PATCHRUN_READY WHERE PIPELINE = ?").param(pipeline).query(Integer.class).single();
    }
}
