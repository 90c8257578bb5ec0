package io.patchrun.history;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Every digest seen per upstream base reference, and which pipelines wait for a rebuild because of one. */
@Repository
public class BaseHistory {

    private final JdbcClient jdbc;
    private final Clock clock;

    BaseHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records that {@code ref} now has {@code digest}, and says whether that is news. */
    @Transactional
    public Sighting seen(String ref, String digest) {
        Instant now = clock.instant();
        Optional<String> known = jdbc.sql("SELECT DIGEST FROM PATCHRUN_BASE WHERE REF = ?").param(ref)
                .query((rs, row) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(d -> d);
        Sighting sighting = known.isEmpty() ? Sighting.FIRST : known.get().equals(digest) ? Sighting.SAME : Sighting.CHANGED;
        int updated = jdbc.sql("UPDATE PATCHRUN_BASE SET DIGEST = ?, CHECKED_AT = ?, PROBLEM = NULL"
                        + (sighting == Sighting.SAME ? "" : ", CHANGED_AT = ?") + " WHERE REF = ?")
                .params(sighting == Sighting.SAME ? List.of(digest, ts(now), ref) : List.of(digest, ts(now), ts(now), ref)).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_BASE (REF, DIGEST, CHECKED_AT, CHANGED_AT) VALUES (?, ?, ?, ?)")
                    .params(ref, digest, ts(now), ts(now)).update();
        }
        int seenBefore = jdbc.sql("UPDATE PATCHRUN_BASE_DIGEST SET LAST_SEEN = ? WHERE REF = ? AND DIGEST = ?")
                .params(ts(now), ref, digest).update();
        if (seenBefore == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_BASE_DIGEST (REF, DIGEST, FIRST_SEEN, LAST_SEEN) VALUES (?, ?, ?, ?)")
                    .params(ref, digest, ts(now), ts(now)).update();
        }
        return sighting;
    }

    /**
     * Records {@code digest} as the first sighting of {@code ref} when nothing was ever seen of it; changes
     * nothing otherwise, so a change the base checks have yet to notice stays news for every pipeline.
     *
     * @return whether it was recorded
     */
    @Transactional
    public boolean seenIfUnknown(String ref, String digest) {
        Optional<String> known = jdbc.sql("SELECT DIGEST FROM PATCHRUN_BASE WHERE REF = ?").param(ref)
                .query((rs, row) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(d -> d);
        return known.isEmpty() && seen(ref, digest) == Sighting.FIRST;
    }

    /** Records a failed check; the digest last seen stays as it was. */
    @Transactional
    public void failed(String ref, String problem) {
        Instant now = clock.instant();
        int updated = jdbc.sql("UPDATE PATCHRUN_BASE SET CHECKED_AT = ?, PROBLEM = ? WHERE REF = ?")
                .params(ts(now), problem, ref).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_BASE (REF, CHECKED_AT, PROBLEM) VALUES (?, ?, ?)").params(ref, ts(now), problem).update();
        }
    }

    /** Every base reference known, sorted by reference. */
    public List<BaseState> bases() {
        return jdbc.sql("SELECT REF, DIGEST, CHECKED_AT, CHANGED_AT, PROBLEM FROM PATCHRUN_BASE ORDER BY REF")
                .query((rs, row) -> new BaseState(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), rs.getString(5)))
                .list();
    }

    /** Every digest seen for {@code ref}, oldest first. */
    public List<String> digests(String ref) {
        return jdbc.sql("SELECT DIGEST FROM PATCHRUN_BASE_DIGEST WHERE REF = ? ORDER BY FIRST_SEEN, DIGEST").param(ref)
                .query(String.class).list();
    }

    /** When {@code digest} of {@code ref} was first seen by a check, if ever. */
    public Optional<Instant> firstSeen(String ref, String digest) {
        return jdbc.sql("SELECT FIRST_SEEN FROM PATCHRUN_BASE_DIGEST WHERE REF = ? AND DIGEST = ?").params(ref, digest)
                .query((rs, row) -> rs.getTimestamp(1).toInstant()).optional();
    }

    /**
     * The base reference each of {@code digests} was seen as, so a digest that images record can be named;
     * digests never seen by a check are left out.
     */
    public Map<String, String> refsOf(Collection<String> digests) {
        if (digests.isEmpty()) {
            return Map.of();
        }
        Map<String, String> refs = new TreeMap<>();
        jdbc.sql("SELECT DIGEST, REF FROM PATCHRUN_BASE_DIGEST WHERE DIGEST IN (:digests) ORDER BY DIGEST, REF")
                .param("digests", List.copyOf(digests))
                .query(rs -> {
                    refs.putIfAbsent(rs.getString(1), rs.getString(2));
                });
        return refs;
    }

    /** Marks {@code pipeline} as waiting for a rebuild because {@code ref} changed. */
    @Transactional
    public void markPending(String pipeline, String ref) {
        if (jdbc.sql("UPDATE PATCHRUN_PENDING SET SINCE = SINCE WHERE PIPELINE = ? AND REF = ?").params(pipeline, ref).update() == 0) {
            jdbc.sql("INSERT INTO PATCHRUN_PENDING (PIPELINE, REF, SINCE) VALUES (?, ?, ?)").params(pipeline, ref, ts(clock.instant())).update();
        }
    }

    /** The changed bases {@code pipeline} has not been rebuilt for yet, sorted. */
    public List<String> pending(String pipeline) {
        return jdbc.sql("SELECT REF FROM PATCHRUN_PENDING WHERE PIPELINE = ? ORDER BY REF").param(pipeline).query(String.class).list();
    }

    /** Since when the oldest pending mark of any pipeline has waited; empty when none waits. */
    public Optional<Instant> oldestPendingSince() {
        return jdbc.sql("SELECT MIN(SINCE) FROM PATCHRUN_PENDING").query((rs, row) -> Optional.ofNullable(instant(rs.getTimestamp(1))))
                .single();
    }

    /** Clears the pending marks a patch run has dealt with. */
    public void clearPending(String pipeline, List<String> refs) {
        for (String ref : refs) {
            jdbc.sql("DELETE FROM PATCHRUN_PENDING WHERE PIPELINE = ? AND REF = ?").params(pipeline, ref).update();
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
