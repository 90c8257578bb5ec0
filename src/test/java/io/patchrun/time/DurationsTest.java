package io.patchrun.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void describe_showsMillisecondsBelowOneSecond() {
        assertThat(Durations.describe(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Durations.describe(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.describe(Duration.ofMillis(999))).isEqualTo("999 ms");
    }

    @Test
    void describe_showsSecondsToOneDecimal_droppingAZeroDecimal() {
        assertThat(Durations.describe(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(Durations.describe(Duration.ofMillis(1_500))).isEqualTo("1.5 s");
        assertThat(Durations.describe(Duration.ofMillis(2_349))).isEqualTo("2.3 s");
        assertThat(Durations.describe(Duration.ofMillis(2_350))).isEqualTo("2.4 s");
        assertThat(Durations.describe(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(Durations.describe(Duration.ofMillis(59_940))).isEqualTo("59.9 s");
    }

    @Test
    void describe_showsMinutesAndSeconds_fromOneMinute() {
        assertThat(Durations.describe(Duration.ofMillis(59_950))).as("rounds up into the next form").isEqualTo("1 min");
        assertThat(Durations.describe(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
        assertThat(Durations.describe(Duration.ofMinutes(15))).isEqualTo("15 min");
        assertThat(Durations.describe(Duration.ofMillis(3_599_499))).isEqualTo("59 min 59 s");
    }

    @Test
    void describe_showsHoursAndMinutes_fromOneHour() {
        assertThat(Durations.describe(Duration.ofMillis(3_599_500))).isEqualTo("1 h");
        assertThat(Durations.describe(Duration.ofMinutes(130).plusSeconds(29))).isEqualTo("2 h 10 min");
        assertThat(Durations.describe(Duration.ofHours(50))).isEqualTo("50 h");
    }

    @Test
    void describe_marksNegativeDurations() {
        assertThat(Durations.describe(Duration.ofMillis(-1_500))).isEqualTo("-1.5 s");
    }
}
