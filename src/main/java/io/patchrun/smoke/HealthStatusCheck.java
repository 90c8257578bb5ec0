package io.patchrun.smoke;

import io.patchrun.container.ContainerOutput;
import io.patchrun.container.ContainerState;

/** Waits for the image's own HEALTHCHECK to report healthy; unhealthy fails at once. */
final class HealthStatusCheck implements SmokeCheck {

    private final CheckLoop loop;

    HealthStatusCheck(CheckLoop loop) {
        this.loop = loop;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        return loop.until("healthcheck", container, () -> verdict(container.state()));
    }

    private static CheckLoop.Verdict verdict(ContainerState state) {
        return switch (state.health()) {
            case HEALTHY -> CheckLoop.Verdict.pass("the image's HEALTHCHECK reports healthy");
            case UNHEALTHY -> CheckLoop.Verdict.fail("the image's HEALTHCHECK reports unhealthy" + probeOutput(state));
            case STARTING, NONE -> CheckLoop.Verdict.retry("the image's HEALTHCHECK still reports starting");
        };
    }

    private static String probeOutput(ContainerState state) {
        String output = state.healthOutput() == null ? "" : state.healthOutput().strip();
        return output.isEmpty() ? "" : ": " + ContainerOutput.quote(output.lines().toList());
    }
}
