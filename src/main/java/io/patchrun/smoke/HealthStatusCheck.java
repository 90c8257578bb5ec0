package io.patchrun.smoke;

import java.time.Duration;

/** Waits for the image's own HEALTHCHECK to report healthy; unhealthy fails at once. */
final class HealthStatusCheck implements SmokeCheck {

    private final Duration timeout;
    private final Polling polling;

    HealthStatusCheck(Duration timeout, Polling polling) {
        this.timeout = timeout;
        this.polling = polling;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        return polling.until("healthcheck", container, timeout, () -> verdict(container.state()));
    }

    private static Polling.Verdict verdict(ContainerState state) {
        return switch (state.health()) {
            case HEALTHY -> Polling.Verdict.pass("the image's HEALTHCHECK reports healthy");
            case UNHEALTHY -> Polling.Verdict.fail("the image's HEALTHCHECK reports unhealthy"
                    + (state.healthLog().isEmpty() ? "" : ": " + String.join(" | ", state.healthLog().lines().toList())));
            case STARTING, NONE -> Polling.Verdict.retry("the image's HEALTHCHECK still reports starting");
        };
    }
}
