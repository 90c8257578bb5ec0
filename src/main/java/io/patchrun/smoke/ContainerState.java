package io.patchrun.smoke;

import java.util.Objects;

/**
 * A container's state as the engine reports it.
 *
 * @param running   whether it still runs
 * @param exitCode  its exit code once it has stopped
 * @param health    its HEALTHCHECK status
 * @param healthLog the output of the last health probe, or empty
 */
public record ContainerState(boolean running, long exitCode, Health health, String healthLog) {

    /** The HEALTHCHECK status; NONE when the image has no HEALTHCHECK. */
    public enum Health {
        NONE, STARTING, HEALTHY, UNHEALTHY
    }

    public ContainerState {
        Objects.requireNonNull(health, "a container state needs a health, NONE when there is no HEALTHCHECK");
        healthLog = healthLog == null ? "" : healthLog.strip();
    }
}
