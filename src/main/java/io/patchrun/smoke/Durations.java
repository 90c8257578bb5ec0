package io.patchrun.smoke;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations the way messages show them: {@code 30 s}, {@code 1.5 s}. */
final class Durations {

    private Durations() {
    }

    static String describe(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
