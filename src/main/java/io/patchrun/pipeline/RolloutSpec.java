package io.patchrun.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How the containers of an image are rolled over.
 *
 * @param stopTimeout   how long an old container gets to stop before it is killed
 * @param healthTimeout how long a new container gets to become healthy before it is rolled back
 * @param snapshotVolumes whether the named volumes of its containers are saved between the old one's stop and the new
 *                      one's start, and restored by a rollback
 */
public record RolloutSpec(Duration stopTimeout, Duration healthTimeout, boolean snapshotVolumes) {

    public static final RolloutSpec DEFAULTS = new RolloutSpec(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public RolloutSpec {
        requirePositive(stopTimeout, "stopTimeout");
        requirePositive(healthTimeout, "healthTimeout");
    }

    /** Without snapshots of volumes. */
    public RolloutSpec(Duration stopTimeout, Duration healthTimeout) {
        this(stopTimeout, healthTimeout, false);
    }

    private static void requirePositive(Duration duration, String field) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("rollout " + field + " must be longer than zero, got " + duration);
        }
    }
}
