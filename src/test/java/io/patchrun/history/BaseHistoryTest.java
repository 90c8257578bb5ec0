package io.patchrun.history;

import io.patchrun.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.patchrun.testsupport.Migrations;

class BaseHistoryTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private MutableClock clock;
    private BaseHistory history;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Migrations.migrate(dataSource);
        clock = new MutableClock(Instant.parse("2026-11-23T03:00:00Z"));
        history = new BaseHistory(JdbcClient.create(dataSource), clock);
    }

    @Test
    void seen_isFirstThenSameThenChanged_andKeepsEveryDigest() {
        assertThat(history.seen("debian:12", A)).isEqualTo(Sighting.FIRST);
        clock.advance(java.time.Duration.ofSeconds(900));
        assertThat(history.seen("debian:12", A)).isEqualTo(Sighting.SAME);
        clock.advance(java.time.Duration.ofSeconds(900));
        assertThat(history.seen("debian:12", B)).isEqualTo(Sighting.CHANGED);

        assertThat(history.digests("debian:12")).containsExactly(A, B);
        BaseState state = history.bases().get(0);
        assertThat(state.digest()).isEqualTo(B);
        assertThat(state.checkedAt()).isEqualTo(Instant.parse("2026-11-23T03:30:00Z"));
        assertThat(state.changedAt()).isEqualTo(Instant.parse("2026-11-23T03:30:00Z"));
    }

    @Test
    void firstSeen_isWhenACheckFirstSawTheDigest_notWhenItLastDid() {
        history.seen("debian:12", A);
        clock.advance(java.time.Duration.ofSeconds(900));
        history.seen("debian:12", B);
        clock.advance(java.time.Duration.ofSeconds(900));
        history.seen("debian:12", B);

        assertThat(history.firstSeen("debian:12", A)).contains(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(history.firstSeen("debian:12", B)).contains(Instant.parse("2026-11-23T03:15:00Z"));
        assertThat(history.firstSeen("debian:11", A)).isEmpty();
    }

    @Test
    void failed_keepsLastDigest_andSaysWhy() {
        history.seen("debian:12", A);
        clock.advance(java.time.Duration.ofSeconds(60));

        history.failed("debian:12", "registry down");

        BaseState state = history.bases().get(0);
        assertThat(state.digest()).isEqualTo(A);
        assertThat(state.problem()).isEqualTo("registry down");
        assertThat(state.checkedAt()).isEqualTo(Instant.parse("2026-11-23T03:01:00Z"));
        assertThat(state.changedAt()).isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(history.seen("debian:12", A)).isEqualTo(Sighting.SAME);
        assertThat(history.bases().get(0).problem()).isNull();
    }

    @Test
    void pending_isMarkedOncePerBase_andCleared() {
        history.markPending("demo", "debian:12");
        history.markPending("demo", "debian:12");
        history.markPending("demo", "alpine:3");

        assertThat(history.pending("demo")).containsExactly("alpine:3", "debian:12");
        assertThat(history.pending("other")).isEmpty();

        history.clearPending("demo", List.of("debian:12"));

        assertThat(history.pending("demo")).containsExactly("alpine:3");
    }

    @Test
    void seenIfUnknown_recordsOnlyTheFirstDigest_soALaterChangeStaysNews() {
        assertThat(history.seenIfUnknown("debian:12", A)).isTrue();
        assertThat(history.seenIfUnknown("debian:12", B)).isFalse();

        assertThat(history.bases().get(0).digest()).isEqualTo(A);
        assertThat(history.seen("debian:12", B)).isEqualTo(Sighting.CHANGED);
    }

    @Test
    void refsOf_namesEachDigestByTheReferenceItWasSeenAs_andLeavesOutUnknownDigests() {
        history.seen("debian:12", A);
        history.seen("debian:12", B);
        history.seen("alpine:3", "sha256:" + "c".repeat(64));

        assertThat(history.refsOf(List.of(A, B, "sha256:" + "d".repeat(64))))
                .isEqualTo(java.util.Map.of(A, "debian:12", B, "debian:12"));
        assertThat(history.refsOf(List.of())).isEmpty();
    }

    @Test
    void oldestPendingSince_isTheEarliestMarkOfAnyPipeline_andEmptyOnceAllAreCleared() {
        assertThat(history.oldestPendingSince()).isEmpty();
        history.markPending("demo", "debian:12");
        clock.advance(java.time.Duration.ofHours(2));
        history.markPending("other", "alpine:3");
        history.markPending("demo", "debian:12");

        assertThat(history.oldestPendingSince()).contains(Instant.parse("2026-11-23T03:00:00Z"));

        history.clearPending("demo", List.of("debian:12"));
        assertThat(history.oldestPendingSince()).contains(Instant.parse("2026-11-23T05:00:00Z"));
        history.clearPending("other", List.of("alpine:3"));
        assertThat(history.oldestPendingSince()).isEmpty();
    }
}
