package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mode:} and {@code window:} in a pipeline file: both forms read, every bad value refused with its line. */
class PipelineWindowTest {

    private static final Path FILE = Path.of("pipelines/demo.yml");

    /** Line 6 is the first line after it. */
    private static final String VALID = """
            name: demo
            repositories:
              - url: ../demo-repos/web
                images:
                  - name: demo/web
            """;

    @Test
    void modeAndWindow_defaultToRollingOutAtAnyTime() {
        Pipeline pipeline = Pipeline.parse(FILE, VALID);

        assertThat(pipeline.mode()).isEqualTo(PipelineMode.ROLLOUT);
        assertThat(pipeline.window()).isNull();
    }

    @Test
    void contractForm_isReadAsAWeeklyWindow() {
        Pipeline pipeline = Pipeline.parse(FILE, VALID + """
                mode: monitor
                window: { days: [MON, TUE, WED, THU, FRI], from: "02:00", to: "05:00", zone: "Europe/Berlin" }
                """);

        assertThat(pipeline.mode()).isEqualTo(PipelineMode.MONITOR);
        assertThat(pipeline.window()).isEqualTo(new WeeklyWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(2, 0), LocalTime.of(5, 0), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void weeklyWindow_withoutDays_isOpenEveryDay_andTakesUnquotedTimesAndFullDayNames() {
        assertThat(Pipeline.parse(FILE, VALID + "window: { from: 22:00, to: 04:00, zone: UTC }\n").window())
                .isEqualTo(new WeeklyWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 0), LocalTime.of(4, 0), ZoneId.of("UTC")));
        assertThat(((WeeklyWindow) Pipeline.parse(FILE, VALID + "window: { days: [saturday, Sun], from: \"01:00\", to: \"03:00\","
                + " zone: UTC }\n").window()).days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }

    @Test
    void cronForm_isReadWithItsDuration() {
        Pipeline pipeline = Pipeline.parse(FILE, VALID + """
                window:
                  cron: "0 0 2 ? * MON-FRI"
                  duration: PT3H
                  zone: America/New_York
                """);

        assertThat(pipeline.window()).isEqualTo(new CronWindow("0 0 2 ? * MON-FRI", Duration.ofHours(3), ZoneId.of("America/New_York")));
    }

    static Stream<Arguments> brokenWindows() {
        return Stream.of(
                broken("unknown mode", "mode: watch\n",
                        "6:7: mode: must be 'rollout' (roll containers over once an image passed its smoke test, the default) or 'monitor'"),
                broken("bad day name", "window: { days: [MON, TUES], from: \"02:00\", to: \"05:00\", zone: UTC }\n",
                        "6:23: window.days[1]: must be a day: MON, TUE, WED, THU, FRI, SAT, SUN (or the full English name), got 'TUES'"),
                broken("no days at all", "window: { days: [], from: \"02:00\", to: \"05:00\", zone: UTC }\n",
                        "6:17: window.days: must list at least one day"),
                broken("bad time", "window: { from: \"2am\", to: \"05:00\", zone: UTC }\n",
                        "6:17: window.from: must be a time of day as HH:mm, 00:00-23:59, in quotes (from: \"02:00\"), got '2am'"),
                broken("hour out of range", "window: { from: \"02:00\", to: \"25:00\", zone: UTC }\n",
                        "6:30: window.to: must be a time of day as HH:mm"),
                broken("from equals to", "window: { from: \"02:00\", to: \"02:00\", zone: UTC }\n",
                        "6:30: window.to: must differ from from (02:00): the window would never be open"),
                broken("unknown zone", "window: { from: \"02:00\", to: \"05:00\", zone: Europe/Berln }\n",
                        "6:45: window.zone: unknown time zone 'Europe/Berln': give a region such as Europe/Berlin"),
                broken("missing zone", "window: { from: \"02:00\", to: \"05:00\" }\n",
                        "6:9: window.zone: missing required field: the time zone the window's times are in"),
                broken("missing to", "window: { from: \"02:00\", zone: UTC }\n",
                        "6:9: window.to: missing required field: the local time the window closes"),
                broken("both forms", "window: { cron: \"0 0 2 * * ?\", from: \"02:00\", to: \"05:00\", zone: UTC }\n",
                        "6:9: window: gives both forms of a window: either days, from and to, or cron and duration"),
                broken("neither form", "window: { zone: UTC }\n",
                        "6:9: window: says when it is open with neither form"),
                broken("bad cron", "window: { cron: \"0 0 2 * * MON\", duration: PT3H, zone: UTC }\n",
                        "6:17: window.cron: '0 0 2 * * MON' is not a Quartz cron expression"),
                broken("cron without duration", "window: { cron: \"0 0 2 ? * MON\", zone: UTC }\n",
                        "6:9: window.duration: missing required field: how long the window stays open"),
                broken("misspelt key", "window: { form: \"02:00\", to: \"05:00\", zone: UTC }\n",
                        "6:11: window.form: unknown key 'form'; did you mean 'from'? allowed here: days, from, to, cron, duration, zone"));
    }

    private static Arguments broken(String description, String yaml, String expected) {
        return argumentSet(description, yaml, expected);
    }

    @ParameterizedTest
    @MethodSource("brokenWindows")
    void parse_refusesABadModeOrWindow_withItsLineAndField(String lines, String expected) {
        PipelineException e = catchThrowableOfType(PipelineException.class, () -> Pipeline.parse(FILE, VALID + lines));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).startsWith("pipelines/demo.yml:" + expected);
        assertThat(e.errors()).as("errors").hasSize(1);
    }
}
