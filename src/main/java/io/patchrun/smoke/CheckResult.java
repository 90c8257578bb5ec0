package io.patchrun.smoke;

import java.time.Duration;

/**
 * One check of a smoke test.
 *
 * @param check  which check: {@code http}, {@code command}, {@code healthcheck} or {@code running}
 * @param passed whether it passed
 * @param detail what was seen ({@code GET http://127.0.0.1:49123/ answered 200}), with any output
 * @param took   how long it ran
 */
public record CheckResult(String check, boolean passed, String detail, Duration took) {

    public CheckResult {
        if (check == null || check.isBlank() || detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("a check result needs the check's name and what was seen");
        }
        if (took == null || took.isNegative()) {
            throw new IllegalArgumentException("a check cannot take " + took);
        }
    }
}
