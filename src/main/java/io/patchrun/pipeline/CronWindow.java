package io.patchrun.pipeline;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Objects;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * A window that opens at each time a Quartz cron expression names, in {@code zone}, and stays open for
 * {@code duration}: {@code cron: "0 0 2 ? * MON-FRI", duration: PT3H}. The same cron dialect as the
 * pipeline's {@code schedule}.
 */
public record CronWindow(String cron, Duration duration, ZoneId zone) implements MaintenanceWindow {

    public CronWindow {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        FieldRules.cron(cron).ifPresent(problem -> {
            throw new IllegalArgumentException("window cron " + problem);
        });
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("window duration must be longer than zero, got " + duration);
        }
    }

    @Override
    public boolean isOpen(Instant at) {
        // Open when an opening falls in (at - duration, at]: the first one after at - duration, if not after at.
        Instant opened = next(at.minus(duration));
        return opened != null && !opened.isAfter(at);
    }

    @Override
    public Instant nextOpening(Instant after) {
        Instant next = next(after);
        if (next == null) {
            throw new IllegalStateException("window cron '" + cron + "' names no time after " + after);
        }
        return next;
    }

    @Override
    public String describe() {
        return "cron '" + cron + "' for " + duration + " " + zone.getId();
    }

    private Instant next(Instant after) {
        Date next = expression().getNextValidTimeAfter(Date.from(after));
        return next == null ? null : next.toInstant();
    }

    /** A new expression each time: Quartz's keeps mutable state and is not safe to share between threads. */
    private CronExpression expression() {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            return expression;
        } catch (ParseException e) {
            throw new IllegalStateException("window cron '" + cron + "' was valid when read: " + e.getMessage(), e);
        }
    }
}
