package io.patchrun.history;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The last signature check of each upstream base a pipeline verifies, so that the overview can mark a refused one. */
@Repository
public class SignatureHistory {

    /**
     * One base's last check by one pipeline.
     *
     * @param problem why its digest was refused, or {@code null} when it was signed
     */
    public record Checked(String ref, String digest, String keyName, String problem, Instant checkedAt) {

        public boolean refused() {
            return problem != null;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SignatureHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the outcome of checking {@code ref} at {@code digest} for {@code pipeline}, replacing the one before. */
    @Transactional
    public void checked(String pipeline, String ref, String digest, String keyName, String problem) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("UPDATE PATCHRUN_BASE_SIGNATURE SET DIGEST = ?, KEY_NAME = ?, PROBLEM = ?, CHECKED_AT = ? WHERE PIPELINE = ? AND REF = ?")
                .params(digest, keyName, problem, now, pipeline, ref).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_BASE_SIGNATURE (PIPELINE, REF, DIGEST, KEY_NAME, PROBLEM, CHECKED_AT) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(pipeline, ref, digest, keyName, problem, now).update();
        }
    }

    /** The last check of each base of {@code pipeline}, by reference. */
    public Map<String, Checked> of(String pipeline) {
        Map<String, Checked> checks = new TreeMap<>();
        List<Checked> rows = jdbc.sql("SELECT REF, DIGEST, KEY_NAME, PROBLEM, CHECKED_AT FROM PATCHRUN_BASE_SIGNATURE WHERE PIPELINE = ?")
                .param(pipeline)
                .query((rs, row) -> new Checked(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
        rows.forEach(checked -> checks.put(checked.ref(), checked));
        return checks;
    }
}
