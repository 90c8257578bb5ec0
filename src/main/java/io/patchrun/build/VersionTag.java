package io.patchrun.build;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The immutable tag of one build, {@code 20261123-134501-7f3a}: the UTC build time to the second, then a
 * short run id that keeps builds of the same second apart. Tags sort by build time both as values and as
 * plain strings, so a registry listing shows them in order too.
 *
 * @param builtAt when the build started, whole seconds
 * @param run     the short run id, 1 to 8 lowercase letters or digits
 */
public record VersionTag(Instant builtAt, String run) implements Comparable<VersionTag> {

    private static final int RUN_LENGTH = 8;
    private static final Pattern RUN = Pattern.compile("[a-z0-9]{1," + RUN_LENGTH + "}");
    private static final Pattern FORM = Pattern.compile("(\\d{8}-\\d{6})-([a-z0-9]{1," + RUN_LENGTH + "})");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss", Locale.ROOT);
    private static final Comparator<VersionTag> ORDER = Comparator.comparing(VersionTag::builtAt).thenComparing(VersionTag::run);

    public VersionTag {
        if (builtAt == null || !builtAt.truncatedTo(ChronoUnit.SECONDS).equals(builtAt)) {
            throw new IllegalArgumentException("a version tag's time must be whole seconds, not " + builtAt);
        }
        int year = builtAt.atOffset(ZoneOffset.UTC).getYear();
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException("a version tag's time must have a four-digit year, not " + builtAt);
        }
        if (run == null || !RUN.matcher(run).matches()) {
            throw new IllegalArgumentException("a version tag's run id must be 1 to " + RUN_LENGTH
                    + " lowercase letters or digits, not '" + run + "'");
        }
    }

    /**
     * The tag for a build starting now in the given run: the run id is lowercased, stripped to letters and
     * digits and cut to its first eight.
     */
    public static VersionTag now(Clock clock, String runId) {
        String shortRun = runId == null ? "" : runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (shortRun.isEmpty()) {
            throw new IllegalArgumentException("run id '" + runId + "' has no letters or digits to make a version tag from");
        }
        return new VersionTag(clock.instant().truncatedTo(ChronoUnit.SECONDS),
                shortRun.substring(0, Math.min(RUN_LENGTH, shortRun.length())));
    }

    /** Reads a tag written by {@link #toString()}. */
    public static VersionTag parse(String tag) {
        Matcher matcher = tag == null ? null : FORM.matcher(tag);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a version tag (expected yyyyMMdd-HHmmss-run, e.g. 20261123-134501-7f3a)");
        }
        try {
            Instant time = LocalDateTime.parse(matcher.group(1), TIME).toInstant(ZoneOffset.UTC);
            return new VersionTag(time, matcher.group(2));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + tag + "' is not a version tag: " + matcher.group(1) + " is not a date and time", e);
        }
    }

    /** Whether {@code tag} is a version tag, as opposed to {@code latest} or a tag someone else made. */
    public static boolean isVersionTag(String tag) {
        try {
            parse(tag);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public int compareTo(VersionTag other) {
        return ORDER.compare(this, other);
    }

    /** The tag as written on the image. */
    @Override
    public String toString() {
        return TIME.format(LocalDateTime.ofInstant(builtAt, ZoneOffset.UTC)) + "-" + run;
    }
}
