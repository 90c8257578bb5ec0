package io.patchrun.smoke;

import java.time.Duration;

/** The container must still be running after {@code hold}: a server that starts and dies is no good. */
final class StillRunningCheck implements SmokeCheck {

    private final Duration hold;
    private final CheckLoop loop;

    StillRunningCheck(Duration hold, CheckLoop loop) {
        this.hold = hold;
        this.loop = loop;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        return loop.hold("running", container, hold);
    }
}
