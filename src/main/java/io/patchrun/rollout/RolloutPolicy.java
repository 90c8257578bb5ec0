package io.patchrun.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * How to roll a container over.
 *
 * @param stopTimeout   how long the old container may take to stop before it is killed
 * @param healthTimeout how long the new container has to pass the health gate
 * @param minUptime     how long the new container must have run, without exiting or being restarted, before
 *                      it counts as up: a process that dies at once would otherwise look like it runs
 * @param check         what it must pass besides running and its own HEALTHCHECK
 */
public record RolloutPolicy(Duration stopTimeout, Duration healthTimeout, Duration minUptime, ReadinessCheck check) {

    public RolloutPolicy {
        requirePositiveOrZero(stopTimeout, "stopTimeout");
        requirePositiveOrZero(healthTimeout, "healthTimeout");
        requirePositiveOrZero(minUptime, "minUptime");
        Objects.requireNonNull(check, "check");
        if (minUptime.compareTo(healthTimeout) > 0) {
            throw new IllegalArgumentException("minUptime " + minUptime + " is longer than healthTimeout " + healthTimeout
                    + ": no container could pass the health gate");
        }
    }

    /** Stop within 10 s, healthy within 30 s, up for 1 s, no extra check. */
    public static RolloutPolicy defaults() {
        return new RolloutPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1), ReadinessCheck.none());
    }

    public RolloutPolicy withStopTimeout(Duration value) {
        return new RolloutPolicy(value, healthTimeout, minUptime, check);
    }

    public RolloutPolicy withHealthTimeout(Duration value) {
        return new RolloutPolicy(stopTimeout, value, minUptime, check);
    }

    public RolloutPolicy withMinUptime(Duration value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, value, check);
    }

    public RolloutPolicy withCheck(ReadinessCheck value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, minUptime, value);
    }

    private static void requirePositiveOrZero(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
    }
}
