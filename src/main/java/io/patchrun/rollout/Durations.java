package io.patchrun.rollout;

import java.time.Duration;
import java.util.Locale;

/** Durations the way messages show them: {@code 30 s}, {@code 0.4 s}. */
final class Durations {

    private Durations() {
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, millis < 10_000 ? "%.2f s" : "%.1f s", millis / 1000.0);
    }
}
