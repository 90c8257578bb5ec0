package io.patchrun.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerOutput;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.LiveContainer;
import io.patchrun.time.Durations;
import io.patchrun.time.Polling;

/**
 * Waits until a started container counts as up: running for at least the policy's minimum uptime without
 * exiting or being restarted, healthy when it has a HEALTHCHECK, and passing the policy's readiness check.
 */
final class HealthGate {

    static final Duration POLL = Duration.ofMillis(200);
    private static final int LOG_LINES = 5;

    private final Containers containers;
    private final Polling polling;
    private final RolloversUnderWay underWay;

    HealthGate(Containers containers, Polling polling, RolloversUnderWay underWay) {
        this.containers = containers;
        this.polling = polling;
        this.underWay = underWay;
    }

    /** The same gate for the containers of another engine. */
    HealthGate on(Containers other) {
        return new HealthGate(other, polling, underWay);
    }

    /**
     * Gives up, so that the rollover is undone, as soon as Patchrun is stopping.
     *
     * @throws StepFailure saying why the new container {@code name} did not come up
     */
    void awaitReady(String id, String name, RolloutPolicy policy) {
        await(id, "new container " + name, policy, true);
    }

    /** Waits until a container put back runs for the minimum uptime, without regard to its health. */
    void awaitRunning(String id, String name, RolloutPolicy policy) {
        await(id, "old container " + name, policy.withCheck(ReadinessCheck.none()), false);
    }

    private void await(String id, String who, RolloutPolicy policy, boolean healthMatters) {
        Instant start = polling.now();
        Instant upLongEnough = start.plus(policy.minUptime());
        try {
            polling.until(start.plus(policy.healthTimeout()), POLL, () -> {
                if (healthMatters && underWay.stopping()) {
                    throw new StepFailure("Patchrun is stopping and " + who + " had not passed its health gate yet, so the rollover was undone");
                }
                ContainerState state = state(id, who);
                if (state.ended()) {
                    throw new StepFailure(exitMessage(id, who, state));
                }
                if (healthMatters && state.health() == ContainerState.Health.UNHEALTHY) {
                    throw new StepFailure(who + " is unhealthy: its HEALTHCHECK " + (state.healthOutput() == null || state.healthOutput().isBlank()
                            ? "failed without output" : "said " + output(state)));
                }
                String waitingFor = waitingFor(id, who, state, policy, upLongEnough, healthMatters);
                return waitingFor == null ? Polling.Step.done(state) : Polling.Step.notYet(waitingFor);
            }, waitingFor -> {
                throw new StepFailure("health check did not pass within " + Durations.describe(policy.healthTimeout()) + ": " + waitingFor);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting for " + who + " to come up");
        }
    }

    private ContainerState state(String id, String who) {
        try {
            return containers.state(id);
        } catch (ContainerNotFoundException e) {
            throw new StepFailure(who + " is gone: the engine removed it, as it does with a container started with --rm once it exits");
        }
    }

    /** Why the container is not up yet, or {@code null} when it is. */
    private String waitingFor(String id, String who, ContainerState state, RolloutPolicy policy, Instant upLongEnough, boolean healthMatters) {
        if (!state.running()) {
            return who + " is " + state.status().name().toLowerCase() + ", not running";
        }
        if (healthMatters && state.health() == ContainerState.Health.STARTING) {
            return who + " still reports health 'starting' (last check: " + output(state) + ")";
        }
        if (polling.now().isBefore(upLongEnough)) {
            return who + " has not yet run for " + Durations.describe(policy.minUptime());
        }
        ContainerDetails live = containers.inspect(id);
        ReadinessCheck.Outcome outcome = policy.check().check(new LiveContainer(live.id(), live.name(), live.ports()));
        return outcome.passed() ? null : outcome.detail();
    }

    private String exitMessage(String id, String who, ContainerState state) {
        StringBuilder message = new StringBuilder(who).append(" exited");
        if (state.exitCode() != null && !state.running()) {
            message.append(" with code ").append(state.exitCode());
        }
        if (state.status() == ContainerState.Status.EXITED || state.status() == ContainerState.Status.DEAD) {
            message.append(" after ").append(Durations.describe(state.lastRun()));
        }
        if (state.restartCount() > 0 || state.status() == ContainerState.Status.RESTARTING) {
            message.append(" and was restarted by its restart policy");
        }
        return message.append("; last log lines: ").append(lastLines(id)).toString();
    }

    private String lastLines(String id) {
        try {
            List<String> lines = containers.logTail(id, LOG_LINES);
            return lines.isEmpty() ? "(none)" : ContainerOutput.quote(lines);
        } catch (RuntimeException e) {
            return "(could not read them: " + StepFailure.reason(e) + ")";
        }
    }

    private static String output(ContainerState state) {
        return state.healthOutput() == null || state.healthOutput().isBlank() ? "(no output)" : ContainerOutput.quote(state.healthOutput().strip());
    }
}
