package io.patchrun.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; pausing on it moves it instead of sleeping. */
final class MutableClock extends Clock {

    private Instant now = Instant.parse("2026-11-23T03:00:00Z");

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    Pause pause() {
        return this::advance;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
