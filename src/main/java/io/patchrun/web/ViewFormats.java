package io.patchrun.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.patchrun.time.Durations;

/**
 * How the pages show times, ages, durations, digests and commits; on every page as {@code fmt}. Times are
 * shown in UTC, the zone the schedules and logs use, so a page and a log line can be compared at a glance.
 * Durations are written by {@link Durations}, as in every message; ages ("5 min ago") are the pages' own.
 * The templates call its methods, which is why they are public.
 */
@ControllerAdvice
class ViewFormats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    ViewFormats(Clock clock) {
        this.clock = clock;
    }

    @ModelAttribute("fmt")
    ViewFormats fmt() {
        return this;
    }

    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** How long ago {@code instant} was, or how far ahead it is: "5 min ago", "in 2 h 10 min". */
    public String relative(Instant instant) {
        if (instant == null) {
            return "—";
        }
        Duration between = Duration.between(instant, clock.instant());
        return between.isNegative() ? "in " + span(between.negated()) : span(between) + " ago";
    }

    /** A build or run time in milliseconds, as {@link Durations} writes it: "850 ms", "2.4 s", "3 min 5 s". */
    public String millis(Long millis) {
        return millis == null ? "—" : Durations.describe(Duration.ofMillis(millis));
    }

    /** A configured interval, as {@link Durations} writes it: "10 s", "15 min". */
    /** A size in bytes as people read it: {@code 512 B}, {@code 4.0 KB}, {@code 1.2 MB}, {@code 3.4 GB} (powers of 1024). */
    public String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    public String every(Duration duration) {
        return duration == null ? "—" : Durations.describe(duration);
    }

    /** How long a run took, or has been going. */
    public String took(Instant start, Instant end) {
        if (start == null) {
            return "—";
        }
        return millis(Duration.between(start, end == null ? clock.instant() : end).toMillis());
    }

    /** {@code sha256:} and the first 12 hex digits, as the Docker CLI shortens ids. */
    public String digest(String digest) {
        if (digest == null) {
            return "—";
        }
        int colon = digest.indexOf(':');
        String hex = digest.substring(colon + 1);
        return (colon < 0 ? "" : digest.substring(0, colon + 1)) + (hex.length() > 12 ? hex.substring(0, 12) : hex);
    }

    public String commit(String commit) {
        return commit == null ? "—" : commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    /** An image name as it travels in a page's URL: {@code demo/web} as {@code demo--web}. */
    public String path(String image) {
        return ImageNames.toPath(image);
    }

    /** The CSS class of a run's or an image's status. */
    public String tone(Object status) {
        return switch (String.valueOf(status)) {
            case "SUCCEEDED", "DEPLOYED", "BUILT" -> "ok";
            case "FAILED", "ROLLED_BACK", "SKIPPED" -> "bad";
            case "PARTIAL" -> "warn";
            case "QUEUED", "RUNNING", "PENDING", "READY" -> "active";
            default -> "muted";
        };
    }

    private static String span(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h " + minutes % 60 + " min";
        }
        return hours / 24 + " d " + hours % 24 + " h";
    }
}
