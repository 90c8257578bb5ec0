package io.patchrun.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One release of the demo's upstream base: what makes its digest differ from the release before.
 *
 * @param number      counts up from 1 with every "publish a new base digest"
 * @param publishedAt when it was made, to the second
 */
public record BaseRelease(int number, Instant publishedAt) {

    /** The file in the base image that carries the release; the demo apps show it on their pages. */
    public static final String FILE = "etc/demo-base-release";
    /** The image label that carries the release number, read back to count on. */
    public static final String LABEL = "io.patchrun.demo.base-release";

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public BaseRelease {
        if (number < 1) {
            throw new IllegalArgumentException("a base release number starts at 1, got " + number);
        }
        publishedAt = Objects.requireNonNull(publishedAt, "publishedAt").truncatedTo(ChronoUnit.SECONDS);
    }

    /** The content of {@link #FILE}: one line, free of characters a {@code sed} replacement would trip on. */
    public String fileContent() {
        return number + " (published " + SHOWN.format(publishedAt) + ")\n";
    }
}
