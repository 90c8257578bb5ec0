package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The window arithmetic, at fixed instants in a zone with daylight saving. Europe/Berlin went to summer time
 * on Sunday 2026-03-29 (02:00 CET became 03:00 CEST) and goes back on Sunday 2026-10-25 (03:00 CEST becomes
 * 02:00 CET); 2026-12-01 is a Tuesday.
 */
class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    private static WeeklyWindow weekly(Set<DayOfWeek> days, String from, String to) {
        return new WeeklyWindow(days, LocalTime.parse(from), LocalTime.parse(to), BERLIN);
    }

    @Test
    void weekly_isOpenFromItsStartUntilJustBeforeItsEnd_onListedDaysOnly() {
        WeeklyWindow window = weekly(WEEKDAYS, "02:00", "05:00");

        assertThat(window.isOpen(berlin("2026-12-01T01:59:59"))).isFalse();
        assertThat(window.isOpen(berlin("2026-12-01T02:00:00"))).isTrue();
        assertThat(window.isOpen(berlin("2026-12-01T04:59:59"))).isTrue();
        assertThat(window.isOpen(berlin("2026-12-01T05:00:00"))).isFalse();
        assertThat(window.isOpen(berlin("2026-12-05T03:00:00"))).as("a Saturday").isFalse();
    }

    @Test
    void weekly_nextOpening_skipsTheWeekend_andIsStrictlyAfterTheGivenInstant() {
        WeeklyWindow window = weekly(WEEKDAYS, "02:00", "05:00");

        assertThat(window.nextOpening(berlin("2026-12-01T01:00:00"))).isEqualTo(berlin("2026-12-01T02:00:00"));
        assertThat(window.nextOpening(berlin("2026-12-01T02:00:00"))).isEqualTo(berlin("2026-12-02T02:00:00"));
        assertThat(window.nextOpening(berlin("2026-12-04T03:00:00"))).as("from Friday, inside").isEqualTo(berlin("2026-12-07T02:00:00"));
    }

    @Test
    void weekly_crossingMidnight_opensOnTheListedDay_andClosesTheNextMorning() {
        WeeklyWindow window = weekly(EnumSet.of(DayOfWeek.FRIDAY), "22:00", "04:00");

        assertThat(window.isOpen(berlin("2026-12-04T21:59:00"))).isFalse();
        assertThat(window.isOpen(berlin("2026-12-04T22:00:00"))).isTrue();
        assertThat(window.isOpen(berlin("2026-12-05T03:59:00"))).as("Saturday morning, still Friday's window").isTrue();
        assertThat(window.isOpen(berlin("2026-12-05T04:00:00"))).isFalse();
        assertThat(window.isOpen(berlin("2026-12-05T23:00:00"))).as("Saturday night is not a Friday").isFalse();
        assertThat(window.isOpen(berlin("2026-12-04T01:00:00"))).as("Friday morning belongs to Thursday").isFalse();
        assertThat(window.nextOpening(berlin("2026-12-05T01:00:00"))).isEqualTo(berlin("2026-12-11T22:00:00"));
    }

    @Test
    void weekly_onTheNightClocksGoForward_opensAtTheFirstLocalTimeThatExists_andKeepsItsLocalEnd() {
        WeeklyWindow window = weekly(EnumSet.of(DayOfWeek.SUNDAY), "02:00", "05:00");
        Instant opening = window.nextOpening(berlin("2026-03-28T12:00:00"));

        assertThat(opening).isEqualTo(Instant.parse("2026-03-29T01:00:00Z")).as("03:00 CEST");
        assertThat(window.isOpen(Instant.parse("2026-03-29T00:59:59Z"))).as("01:59:59 CET").isFalse();
        assertThat(window.isOpen(Instant.parse("2026-03-29T02:59:59Z"))).as("04:59:59 CEST").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-29T03:00:00Z"))).as("05:00 CEST").isFalse();
    }

    @Test
    void weekly_onTheNightClocksGoBack_isOpenFourHours_ofTheRepeatedHourTheFirstOccurrenceOpens() {
        WeeklyWindow window = weekly(EnumSet.of(DayOfWeek.SUNDAY), "02:00", "05:00");

        assertThat(window.nextOpening(berlin("2026-10-24T12:00:00"))).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"))
                .as("02:00 CEST");
        assertThat(window.isOpen(Instant.parse("2026-10-25T01:30:00Z"))).as("02:30 CET, the second 02:30").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T03:59:59Z"))).as("04:59:59 CET").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T04:00:00Z"))).as("05:00 CET").isFalse();
    }

    @Test
    void weekly_windowEntirelyInsideTheSkippedHour_movesByTheGap_thatNightOnly() {
        WeeklyWindow window = weekly(EnumSet.of(DayOfWeek.SUNDAY), "02:15", "02:45");

        assertThat(window.nextOpening(berlin("2026-03-28T12:00:00"))).isEqualTo(Instant.parse("2026-03-29T01:15:00Z")).as("03:15 CEST");
        assertThat(window.isOpen(Instant.parse("2026-03-29T01:44:59Z"))).as("03:44:59 CEST").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-29T01:45:00Z"))).as("03:45 CEST").isFalse();
        assertThat(window.nextOpening(Instant.parse("2026-03-29T01:15:00Z"))).isEqualTo(berlin("2026-04-05T02:15:00"));
    }

    @Test
    void weekly_crossingMidnightIntoTheNightClocksGoForward_closesAtItsLocalEnd() {
        WeeklyWindow window = weekly(EnumSet.of(DayOfWeek.SATURDAY), "23:00", "04:00");

        assertThat(window.isOpen(Instant.parse("2026-03-28T22:00:00Z"))).as("23:00 CET").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-29T01:59:59Z"))).as("03:59:59 CEST").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-29T02:00:00Z"))).as("04:00 CEST").isFalse();
    }

    @Test
    void cron_isOpenForItsDurationAfterEachOpening_inItsZone() {
        CronWindow window = new CronWindow("0 0 2 ? * MON-FRI", Duration.ofHours(3), BERLIN);

        assertThat(window.isOpen(berlin("2026-12-01T01:59:59"))).isFalse();
        assertThat(window.isOpen(berlin("2026-12-01T02:00:00"))).isTrue();
        assertThat(window.isOpen(berlin("2026-12-01T04:59:59"))).isTrue();
        assertThat(window.isOpen(berlin("2026-12-01T05:00:00"))).isFalse();
        assertThat(window.isOpen(berlin("2026-12-05T03:00:00"))).as("a Saturday").isFalse();
        assertThat(window.nextOpening(berlin("2026-12-04T03:00:00"))).isEqualTo(berlin("2026-12-07T02:00:00"));
    }

    @Test
    void cron_crossingMidnight_andOverTheNightClocksGoBack_countsItsDurationInRealTime() {
        CronWindow window = new CronWindow("0 0 23 ? * SAT", Duration.ofHours(5), BERLIN);

        assertThat(window.isOpen(Instant.parse("2026-10-24T21:00:00Z"))).as("23:00 CEST").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T01:59:59Z"))).as("02:59:59 CET, 5 h less a second later").isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T02:00:00Z"))).as("03:00 CET, 5 h later").isFalse();
    }

    @Test
    void records_refuseWindowsThatCanNeverBeOpen() {
        assertThatThrownBy(() -> weekly(WEEKDAYS, "02:00", "02:00")).hasMessageContaining("from and to must differ");
        assertThatThrownBy(() -> weekly(Set.of(), "02:00", "05:00")).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> new CronWindow("0 0 2 * * MON", Duration.ofHours(1), BERLIN))
                .hasMessageContaining("is not a Quartz cron expression");
        assertThatThrownBy(() -> new CronWindow("0 0 2 ? * MON", Duration.ZERO, BERLIN)).hasMessageContaining("longer than zero");
    }

    @Test
    void describe_saysTheWindowAsWritten() {
        assertThat(weekly(WEEKDAYS, "02:00", "05:00").describe()).isEqualTo("MON,TUE,WED,THU,FRI 02:00-05:00 Europe/Berlin");
        assertThat(weekly(EnumSet.allOf(DayOfWeek.class), "22:00", "04:00").describe()).isEqualTo("every day 22:00-04:00 Europe/Berlin");
    }
}
