package io.patchrun.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the engine says about a container's process and health right now.
 *
 * @param status       the process's state
 * @param health       its HEALTHCHECK's verdict, {@link Health#NONE} when it has none
 * @param exitCode     the last exit code, {@code null} when it never exited
 * @param restartCount how often its restart policy restarted it
 * @param startedAt    when it last started, or {@code null}
 * @param finishedAt   when it last stopped, or {@code null}
 * @param healthOutput the output of its last health check, or {@code null}
 */
public record ContainerState(Status status, Health health, Integer exitCode, int restartCount, Instant startedAt,
                             Instant finishedAt, String healthOutput) {

    public enum Status { CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD }

    public enum Health { NONE, STARTING, HEALTHY, UNHEALTHY }

    public ContainerState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(health, "health");
    }

    public boolean running() {
        return status == Status.RUNNING;
    }

    /** Whether the process has ended or been restarted since it was started. */
    public boolean ended() {
        return status == Status.EXITED || status == Status.DEAD || status == Status.RESTARTING || restartCount > 0;
    }

    /** How long the process ran before it last ended, when the engine says. */
    public Duration lastRun() {
        return startedAt != null && finishedAt != null && !finishedAt.isBefore(startedAt)
                ? Duration.between(startedAt, finishedAt) : Duration.ZERO;
    }
}
