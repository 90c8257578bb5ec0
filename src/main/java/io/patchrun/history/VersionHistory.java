package io.patchrun.history;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Every version built of every image, which one is current, and which were pruned. */
@Repository
public class VersionHistory {

    private static final String COLUMNS = "IMAGE, TAG, IMAGE_ID, BASE_DIGEST, COMMIT_ID, BUILT_AT, RUN_ID, IS_CURRENT, PRUNED";

    private final JdbcClient jdbc;

    VersionHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a newly built version; it becomes current only through {@link #makeCurrent}. */
    public void add(ImageVersion version) {
        // An update, else an insert: the same on H2 and PostgreSQL (whose MERGE differs from H2's).
        if (jdbc.sql("UPDATE PATCHRUN_IMAGE_VERSION SET IMAGE_ID = ?, BASE_DIGEST = ?, COMMIT_ID = ?, BUILT_AT = ?, RUN_ID = ?, IS_CURRENT = ?,"
                        + " PRUNED = ? WHERE IMAGE = ? AND TAG = ?")
                .params(version.imageId(), version.baseDigest(), version.commit(), RunHistory.ts(version.builtAt()), version.runId(),
                        version.current(), version.pruned(), version.image(), version.tag())
                .update() == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_IMAGE_VERSION (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(version.image(), version.tag(), version.imageId(), version.baseDigest(), version.commit(),
                            RunHistory.ts(version.builtAt()), version.runId(), version.current(), version.pruned())
                    .update();
        }
    }

    @Transactional
    public void makeCurrent(String image, String tag) {
        jdbc.sql("UPDATE PATCHRUN_IMAGE_VERSION SET IS_CURRENT = (TAG = ?) WHERE IMAGE = ?").params(tag, image).update();
    }

    public void pruned(String image, String tag) {
        jdbc.sql("UPDATE PATCHRUN_IMAGE_VERSION SET PRUNED = TRUE WHERE IMAGE = ? AND TAG = ?").params(image, tag).update();
    }

    /** Versions of {@code image}, newest first. */
    public List<ImageVersion> versions(String image) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM PATCHRUN_IMAGE_VERSION WHERE IMAGE = ? ORDER BY BUILT_AT DESC, TAG DESC")
                .param(image).query((rs, row) -> new ImageVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), RunHistory.instant(rs.getTimestamp(6)), (Long) rs.getObject(7, Long.class),
                        rs.getBoolean(8), rs.getBoolean(9)))
                .list();
    }

    public Optional<ImageVersion> current(String image) {
        return versions(image).stream().filter(ImageVersion::current).findFirst();
    }

    public Optional<ImageVersion> version(String image, String tag) {
        return versions(image).stream().filter(v -> v.tag().equals(tag)).findFirst();
    }
}
