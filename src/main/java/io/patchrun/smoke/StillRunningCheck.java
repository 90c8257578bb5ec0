package io.patchrun.smoke;

import java.time.Duration;

/** The container must still be running after {@code hold}: a server that starts and dies is no good. */
final class StillRunningCheck implements SmokeCheck {

    private final Duration hold;
    private final Polling polling;

    StillRunningCheck(Duration hold, Polling polling) {
        this.hold = hold;
        this.polling = polling;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        return polling.hold("running", container, hold);
    }
}
