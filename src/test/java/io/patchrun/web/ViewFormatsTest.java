package io.patchrun.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewFormatsTest {

    private final ViewFormats fmt = new ViewFormats(Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void relative_saysHowLongAgoOrHowFarAhead() {
        assertThat(fmt.relative(Instant.parse("2026-11-23T11:59:15Z"))).isEqualTo("45 s ago");
        assertThat(fmt.relative(Instant.parse("2026-11-23T11:00:00Z"))).isEqualTo("1 h 0 min ago");
        assertThat(fmt.relative(Instant.parse("2026-11-20T10:00:00Z"))).isEqualTo("3 d 2 h ago");
        assertThat(fmt.relative(Instant.parse("2026-11-23T12:10:00Z"))).isEqualTo("in 10 min");
        assertThat(fmt.relative(null)).isEqualTo("—");
    }

    @Test
    void durations_digestsAndCommits_areShortened() {
        assertThat(fmt.millis(850L)).isEqualTo("850 ms");
        assertThat(fmt.millis(2_400L)).isEqualTo("2.4 s");
        assertThat(fmt.millis(185_000L)).isEqualTo("3 min 5 s");
        assertThat(fmt.took(Instant.parse("2026-11-23T11:59:00Z"), null)).as("still going").isEqualTo("1 min");
        assertThat(fmt.digest("sha256:" + "ab".repeat(32))).isEqualTo("sha256:abababababab");
        assertThat(fmt.commit("0123456789abcdef")).isEqualTo("0123456789");
        assertThat(fmt.time(Instant.parse("2026-11-23T03:00:00Z"))).isEqualTo("2026-11-23 03:00:00 UTC");
    }

    @Test
    void bytes_areShownInTheUnitPeopleRead() {
        assertThat(fmt.bytes(0)).isEqualTo("0 B");
        assertThat(fmt.bytes(1023)).isEqualTo("1023 B");
        assertThat(fmt.bytes(4096)).isEqualTo("4.0 KB");
        assertThat(fmt.bytes(1_288_490_189L)).isEqualTo("1.2 GB");
    }

    @Test
    void imageNames_travelInPagePathsWithDoubleDashes() {
        assertThat(fmt.path("demo/web")).isEqualTo("demo--web");
        assertThat(ImageNames.fromPath(fmt.path("127.0.0.1:5000/team/web"))).isEqualTo("127.0.0.1:5000/team/web");
    }
}
