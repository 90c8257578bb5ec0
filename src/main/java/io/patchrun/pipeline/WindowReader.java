package io.patchrun.pipeline;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a pipeline's {@code window:} mapping, in one of two forms: {@code days}, {@code from}, {@code to}
 * (days default to every day), or {@code cron} and {@code duration}; both need a {@code zone}. Every bad
 * value is a problem with its line and field.
 */
final class WindowReader {

    static final List<String> KEYS = List.of("days", "from", "to", "cron", "duration", "zone");
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");
    private static final String DAY_NAMES = "MON, TUE, WED, THU, FRI, SAT, SUN";

    private WindowReader() {
    }

    /** The window, or {@code null} when there is none or it has problems (which are recorded). */
    static MaintenanceWindow read(YamlMap top, Problems problems) {
        int before = problems.count();
        return top.map("window", KEYS).map(map -> problems.count() > before ? null : window(map, problems)).orElse(null);
    }

    /** Read only when its keys are right: a misspelt key is reported as such, not as a missing one too. */
    private static MaintenanceWindow window(YamlMap map, Problems problems) {
        int before = problems.count();
        map.require("zone", "the time zone the window's times are in, e.g. zone: Europe/Berlin (or UTC)");
        ZoneId zone = map.text("zone").map(text -> zone(map, text)).orElse(null);
        boolean cron = map.has("cron") || map.has("duration");
        boolean weekly = map.has("days") || map.has("from") || map.has("to");
        if (cron && weekly) {
            map.problem("gives both forms of a window: either days, from and to, or cron and duration");
            return null;
        }
        if (!cron && !weekly) {
            map.problem("says when it is open with neither form: give from and to (and days), or cron and duration,"
                    + " e.g. window: { days: [MON, TUE, WED, THU, FRI], from: \"02:00\", to: \"05:00\", zone: Europe/Berlin }");
            return null;
        }
        MaintenanceWindow window = cron ? cronWindow(map, zone) : weeklyWindow(map, zone);
        return problems.count() == before ? window : null;
    }

    private static MaintenanceWindow cronWindow(YamlMap map, ZoneId zone) {
        map.require("cron", "a Quartz cron expression of the window's openings, e.g. cron: \"0 0 2 ? * MON-FRI\"");
        map.require("duration", "how long the window stays open after each opening, e.g. duration: PT3H");
        String cron = map.text("cron").filter(text -> map.check("cron", FieldRules.cron(text))).orElse(null);
        Duration duration = map.duration("duration").orElse(null);
        return cron == null || duration == null || zone == null ? null : new CronWindow(cron, duration, zone);
    }

    private static MaintenanceWindow weeklyWindow(YamlMap map, ZoneId zone) {
        map.require("from", "the local time the window opens, e.g. from: \"02:00\"");
        map.require("to", "the local time the window closes, e.g. to: \"05:00\" (before from: it closes the next day)");
        Set<DayOfWeek> days = map.has("days") ? days(map) : EnumSet.allOf(DayOfWeek.class);
        LocalTime from = map.text("from").map(text -> time(map, "from", text)).orElse(null);
        LocalTime to = map.text("to").map(text -> time(map, "to", text)).orElse(null);
        if (from != null && from.equals(to)) {
            map.problem("to", "must differ from from (" + from + "): the window would never be open");
            return null;
        }
        return days.isEmpty() || from == null || to == null || zone == null ? null : new WeeklyWindow(days, from, to, zone);
    }

    private static Set<DayOfWeek> days(YamlMap map) {
        List<Node> nodes = map.nonEmptyList("days", "must list at least one day: " + DAY_NAMES);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean bad = false;
        for (int i = 0; i < nodes.size(); i++) {
            String field = map.field("days") + "[" + i + "]";
            Node node = nodes.get(i);
            Optional<DayOfWeek> day = map.text(node, field).flatMap(WindowReader::day);
            if (day.isPresent()) {
                days.add(day.get());
            } else {
                bad = true;
                map.check(node, field, Optional.of("must be a day: " + DAY_NAMES + " (or the full English name), got "
                        + YamlMap.describe(node)));
            }
        }
        return bad ? EnumSet.noneOf(DayOfWeek.class) : days;
    }

    private static Optional<DayOfWeek> day(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (upper.equals(day.name()) || upper.equals(WeeklyWindow.shortName(day))) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    private static LocalTime time(YamlMap map, String key, String text) {
        try {
            return LocalTime.parse(text, HOURS_MINUTES);
        } catch (DateTimeParseException e) {
            map.problem(key, "must be a time of day as HH:mm, 00:00-23:59, in quotes (from: \"02:00\"), got '" + text + "'");
            return null;
        }
    }

    private static ZoneId zone(YamlMap map, String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            map.problem("zone", "unknown time zone '" + text + "': give a region such as Europe/Berlin or America/New_York,"
                    + " or UTC or an offset such as +01:00");
            return null;
        }
    }
}
