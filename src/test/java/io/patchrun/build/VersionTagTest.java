package io.patchrun.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VersionTagTest {

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneId.of("Europe/Berlin"));
    }

    @Test
    void now_writesUtcTimeToTheSecondAndShortRunId() {
        VersionTag tag = VersionTag.now(at("2026-11-23T13:45:01.987Z"), "7F3A-9c2e-44d1");

        assertThat(tag).hasToString("20261123-134501-7f3a9c2e");
        assertThat(tag.builtAt()).isEqualTo(Instant.parse("2026-11-23T13:45:01Z"));
    }

    @Test
    void now_keepsShortRunIdWhole() {
        assertThat(VersionTag.now(at("2026-01-02T03:04:05Z"), "42")).hasToString("20260102-030405-42");
    }

    @Test
    void now_rejectsRunIdWithoutLettersOrDigits() {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionTag.now(at("2026-01-02T03:04:05Z"), "--"))
                .withMessageContaining("run id '--'");
    }

    @Test
    void parse_readsWhatToStringWrote() {
        VersionTag tag = VersionTag.parse("20261123-134501-7f3a");

        assertThat(tag.builtAt()).isEqualTo(Instant.parse("2026-11-23T13:45:01Z"));
        assertThat(tag.run()).isEqualTo("7f3a");
        assertThat(tag).hasToString("20261123-134501-7f3a");
    }

    @Test
    void parse_rejectsOtherTags_withTheExpectedForm() {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionTag.parse("latest"))
                .withMessage("'latest' is not a version tag (expected yyyyMMdd-HHmmss-run, e.g. 20261123-134501-7f3a)");
        assertThatIllegalArgumentException().isThrownBy(() -> VersionTag.parse("20261399-134501-7f3a"))
                .withMessageContaining("is not a date and time");
        assertThat(VersionTag.isVersionTag("1.2.3")).isFalse();
        assertThat(VersionTag.isVersionTag("20261123-134501-7f3a")).isTrue();
    }

    @Test
    void compareTo_ordersByBuildTimeThenRun_likeTheStrings() {
        List<String> written = List.of("20261124-000000-1", "20261123-134501-b", "20261123-134501-a", "20251231-235959-zz");
        List<VersionTag> tags = new ArrayList<>(written.stream().map(VersionTag::parse).toList());

        tags.sort(null);

        assertThat(tags).extracting(VersionTag::toString)
                .containsExactly("20251231-235959-zz", "20261123-134501-a", "20261123-134501-b", "20261124-000000-1")
                .isSorted();
    }

    @Test
    void constructor_rejectsFractionsOfSecondsAndLongRuns() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VersionTag(Instant.parse("2026-01-01T00:00:00.5Z"), "a"));
        assertThatIllegalArgumentException().isThrownBy(() -> new VersionTag(Instant.parse("2026-01-01T00:00:00Z"), "abcdefghi"));
    }
}
