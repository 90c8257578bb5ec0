package io.patchrun.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.patchrun.testsupport.MutableClock;

class ReadyVersionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));
    private final ReadyVersions ready = HistoryDatabase.inMemory(clock).ready();

    @Test
    void aNewerVersion_replacesTheOneReadyBefore_soOnlyTheNewestWaits() {
        ready.ready("demo", "demo/web", "20261201-010000-1", 1);
        clock.advance(Duration.ofMinutes(30));
        ready.ready("demo", "demo/web", "20261201-013000-2", 2);
        ready.ready("demo", "demo/api", "20261201-013000-2", 2);
        ready.ready("other", "other/tool", "20261201-013000-3", 3);

        assertThat(ready.of("demo")).containsExactly(
                new ReadyVersion("demo/api", "demo", "20261201-013000-2", 2, Instant.parse("2026-12-01T01:30:00Z")),
                new ReadyVersion("demo/web", "demo", "20261201-013000-2", 2, Instant.parse("2026-12-01T01:30:00Z")));
        assertThat(ready.count("demo")).isEqualTo(2);
        assertThat(ready.find("other/tool")).map(ReadyVersion::runId).contains(3L);
    }

    @Test
    void done_removesTheImagesMark_only() {
        ready.ready("demo", "demo/web", "v1", 1);
        ready.ready("demo", "demo/api", "v1", 1);

        ready.done("demo/web");

        assertThat(ready.find("demo/web")).isEmpty();
        assertThat(ready.of("demo")).extracting(ReadyVersion::image).containsExactly("demo/api");
    }
}
