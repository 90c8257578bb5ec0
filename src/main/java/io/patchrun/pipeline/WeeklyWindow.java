package io.patchrun.pipeline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A window that opens on the given days at {@code from} and closes at {@code to}, both local times of
 * {@code zone}. When {@code to} is not after {@code from} the window crosses midnight: it opens on a listed
 * day and closes the next day ({@code from: "22:00", to: "04:00"}). A local time that a daylight-saving
 * change skips is taken as the moment after the gap (02:30 on a night that jumps from 02:00 to 03:00 is 03:30),
 * and one it repeats as its first occurrence, as {@link ZonedDateTime#of} does.
 *
 * @param days the days the window opens on, at least one
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) implements MaintenanceWindow {

    /** How far back a window that opened on an earlier day may still be open: it crosses one midnight at most. */
    private static final int DAYS_BACK = 1;
    /** How far ahead the next opening is looked for: a week, and a day more for a skipped (DST) opening. */
    private static final int DAYS_AHEAD = 8;

    public WeeklyWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("window days must name at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        if (from.equals(to)) {
            throw new IllegalArgumentException("window from and to must differ, got " + from + " for both");
        }
    }

    @Override
    public boolean isOpen(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        for (int back = 0; back <= DAYS_BACK; back++) {
            Optional<Opening> opening = openingOn(today.minusDays(back));
            if (opening.isPresent() && !at.isBefore(opening.get().start()) && at.isBefore(opening.get().end())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Instant nextOpening(Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(DAYS_BACK);
        for (int i = 0; i <= DAYS_BACK + DAYS_AHEAD; i++, day = day.plusDays(1)) {
            Optional<Opening> opening = openingOn(day);
            if (opening.isPresent() && opening.get().start().isAfter(after)) {
                return opening.get().start();
            }
        }
        throw new IllegalStateException("window " + describe() + " does not open within " + DAYS_AHEAD + " days after " + after);
    }

    @Override
    public String describe() {
        String listed = days.size() == 7 ? "every day" : EnumSet.copyOf(days).stream().map(WeeklyWindow::shortName)
                .collect(Collectors.joining(","));
        return listed + " " + from + "-" + to + " " + zone.getId();
    }

    /** The window that opens on {@code day}, if it is one of its days and daylight saving leaves it any time. */
    private Optional<Opening> openingOn(LocalDate day) {
        if (!days.contains(day.getDayOfWeek())) {
            return Optional.empty();
        }
        Instant start = ZonedDateTime.of(day, from, zone).toInstant();
        Instant end = ZonedDateTime.of(to.isAfter(from) ? day : day.plusDays(1), to, zone).toInstant();
        return start.isBefore(end) ? Optional.of(new Opening(start, end)) : Optional.empty();
    }

    static String shortName(DayOfWeek day) {
        return day.name().substring(0, 3);
    }

    private record Opening(Instant start, Instant end) {
    }
}
