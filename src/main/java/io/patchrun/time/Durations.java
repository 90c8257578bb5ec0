package io.patchrun.time;

import java.time.Duration;

/**
 * How Patchrun prints a duration, in messages and on pages alike: {@code 850 ms}, {@code 2.4 s}, {@code 30 s},
 * {@code 3 min 5 s}, {@code 2 h 10 min}. Each form keeps about two significant figures, which is as much as a
 * reader compares at a glance; a part that comes out zero is left off ({@code 15 min}, not {@code 15 min 0 s}).
 */
public final class Durations {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    private Durations() {
    }

    /** @throws NullPointerException when {@code duration} is {@code null}: a missing duration is the caller's to show */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis < 0 ? "-" + positive(-millis) : positive(millis);
    }

    private static String positive(long millis) {
        if (millis < SECOND) {
            return millis + " ms";
        }
        long tenths = (millis + 50) / 100;
        if (tenths < 600) {
            return tenths % 10 == 0 ? tenths / 10 + " s" : tenths / 10 + "." + tenths % 10 + " s";
        }
        long seconds = (millis + 500) / SECOND;
        if (seconds < 3600) {
            return parts(seconds / 60, "min", seconds % 60, "s");
        }
        long minutes = (millis + 30 * SECOND) / MINUTE;
        return parts(minutes / 60, "h", minutes % 60, "min");
    }

    private static String parts(long whole, String wholeUnit, long rest, String restUnit) {
        return rest == 0 ? whole + " " + wholeUnit : whole + " " + wholeUnit + " " + rest + " " + restUnit;
    }
}
