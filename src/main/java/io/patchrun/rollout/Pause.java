package io.patchrun.rollout;

import java.time.Duration;

/** Waiting between polls; tests pass one that moves a fake clock instead of sleeping. */
@FunctionalInterface
public interface Pause {

    void pause(Duration duration) throws InterruptedException;

    static Pause sleeping() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
