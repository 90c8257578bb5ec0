package io.patchrun.time;

import java.time.Duration;

/**
 * Waiting between two attempts of a {@link Polling} loop. Production sleeps; tests pass one that moves their
 * test clock by the duration, so a loop that would wait minutes runs at once and always the same way.
 */
@FunctionalInterface
public interface Pause {

    void pause(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread; an interrupt ends the sleep with {@link InterruptedException}. */
    static Pause sleeping() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
