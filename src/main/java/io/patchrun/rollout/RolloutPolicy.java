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
 * @param hooks         commands run in the old container before it stops and in the new one once it is kept
 * @param labelledOnly  whether only containers labelled {@code io.patchrun.enable=true} (or Watchtower's {@code enable=true})
 *                      roll over, rather than every container not labelled {@code false}
 * @param snapshotVolumes whether the named volumes of every container are saved between the old one's stop and the new one's
 *                      start, and given back after a rollback ({@link VolumeSnapshots}); a container can also ask by label
 * @param restoreData   a manual rollback only: whether each container's named volumes get the snapshot kept with the version it
 *                      goes back to, between the old container's stop and the new one's start (their current data is saved first)
 */
public record RolloutPolicy(Duration stopTimeout, Duration healthTimeout, Duration minUptime, ReadinessCheck check, Hooks hooks,
                            boolean labelledOnly, boolean snapshotVolumes, boolean restoreData) {

    public RolloutPolicy {
        requirePositiveOrZero(stopTimeout, "stopTimeout");
        requirePositiveOrZero(healthTimeout, "healthTimeout");
        requirePositiveOrZero(minUptime, "minUptime");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(hooks, "hooks");
        if (minUptime.compareTo(healthTimeout) > 0) {
            throw new IllegalArgumentException("minUptime " + minUptime + " is longer than healthTimeout " + healthTimeout
                    + ": no container could pass the health gate");
        }
    }

    /** Stop within 10 s, healthy within 30 s, up for 1 s; no extra check, no hooks, every container not labelled otherwise, no data snapshots. */
    public static RolloutPolicy defaults() {
        return new RolloutPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1), ReadinessCheck.none(), Hooks.NONE, false, false,
                false);
    }

    public RolloutPolicy withStopTimeout(Duration value) {
        return new RolloutPolicy(value, healthTimeout, minUptime, check, hooks, labelledOnly, snapshotVolumes, restoreData);
    }

    public RolloutPolicy withHealthTimeout(Duration value) {
        return new RolloutPolicy(stopTimeout, value, minUptime, check, hooks, labelledOnly, snapshotVolumes, restoreData);
    }

    public RolloutPolicy withMinUptime(Duration value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, value, check, hooks, labelledOnly, snapshotVolumes, restoreData);
    }

    public RolloutPolicy withCheck(ReadinessCheck value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, minUptime, value, hooks, labelledOnly, snapshotVolumes, restoreData);
    }

    public RolloutPolicy withHooks(Hooks value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, minUptime, check, value, labelledOnly, snapshotVolumes, restoreData);
    }

    public RolloutPolicy withLabelledOnly(boolean value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, minUptime, check, hooks, value, snapshotVolumes, restoreData);
    }

    public RolloutPolicy withSnapshotVolumes(boolean value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, minUptime, check, hooks, labelledOnly, value, restoreData);
    }

    public RolloutPolicy withRestoreData(boolean value) {
        return new RolloutPolicy(stopTimeout, healthTimeout, minUptime, check, hooks, labelledOnly, snapshotVolumes, value);
    }

    private static void requirePositiveOrZero(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
    }
}
