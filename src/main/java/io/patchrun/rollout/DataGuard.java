package io.patchrun.rollout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.patchrun.container.ContainerDetails;
import io.patchrun.image.ImageRef;
import io.patchrun.time.Durations;

/**
 * The data side of one {@link Recreation}: the snapshot of the old container's volumes taken once it has stopped, the
 * version's own snapshot a manual rollback with {@code restoreData} puts in before the new container starts, and the
 * restore of the first before the old container starts again.
 */
final class DataGuard {

    private final VolumeSnapshots snapshots;
    private final ContainerDetails old;
    private final String newImage;
    private final RolloutPolicy policy;
    private Map<String, Path> targetData;
    private VolumeSnapshots.Taken snapshot;
    private boolean targetRestored;
    private Duration restoreTook;
    private boolean dataLost;

    /** @param snapshots where volume snapshots go; {@code null} when none can be taken, which refuses a container needing one */
    DataGuard(VolumeSnapshots snapshots, ContainerDetails old, String newImage, RolloutPolicy policy) {
        this.snapshots = snapshots;
        this.old = old;
        this.newImage = newImage;
        this.policy = policy;
    }

    /** Checks, before anything changes, that what the container needs can be done; finds the version's snapshot to restore. */
    void check(String targetImageId) {
        if (policy.restoreData()) {
            if (snapshots == null) {
                throw new StepFailure("not rolled back: restoring data was asked for, and this rollout has no folder of snapshots");
            }
            targetData = snapshots.keptFor(imageName(), targetImageId, old.name()).orElseThrow(() -> new StepFailure("not rolled back: "
                    + newImage + " has no data snapshot of container " + old.name() + ", so its data cannot be restored"));
        }
        if (needed()) {
            if (snapshots == null) {
                throw new StepFailure("not rolled over: it asks for a snapshot of its volumes, and this rollout has no folder to keep"
                        + " snapshots in");
            }
            snapshots.refusal(old).ifPresent(why -> {
                throw new StepFailure(why);
            });
        }
    }

    /** Whether the old container's volumes are saved: it or its image asks, or data is to be restored. */
    boolean needed() {
        return policy.restoreData() || VolumeSnapshots.wanted(old, policy);
    }

    /** Saves the volumes of the stopped container {@code stopped}, then puts the version's own snapshot in when asked. */
    void save(String stopped, String attempt, RolloutJournal journal, RolloutRecord record) {
        try {
            snapshot = snapshots.take(stopped, old.name(), old.imageId(), imageName(), attempt);
        } catch (RuntimeException e) {
            throw new StepFailure("saving the volumes of " + old.name() + " before the new container starts failed, so it was not"
                    + " started: " + StepFailure.reason(e));
        }
        if (targetData != null) {
            journal.step(record, RolloverStep.RESTORE_VOLUMES);
            targetRestored = true;
            try {
                snapshots.restoreKept(stopped, targetData);
            } catch (RuntimeException e) {
                throw new StepFailure("restoring the data snapshot of " + newImage + " into the volumes of " + old.name() + " failed, so the"
                        + " new container was not started: " + StepFailure.reason(e));
            }
        }
    }

    /**
     * Gives the stopped container {@code container} (the old one or its copy) the saved volumes back, when they may have
     * changed since: the new container may have run, or the version's snapshot was put in.
     *
     * @return what went wrong; the old container must then not start, as it would run on data it did not leave
     */
    List<String> restore(String container, boolean newMayHaveRun, RolloutJournal journal, RolloutRecord record) {
        if (snapshot == null || !(newMayHaveRun || targetRestored) || container == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        try {
            journal.step(record, RolloverStep.RESTORE_VOLUMES);
            restoreTook = snapshots.restore(container, snapshot);
        } catch (RuntimeException e) {
            problems.add(StepFailure.reason(e));
            problems.add("the old container is left stopped rather than started on data it did not leave; its snapshot is in "
                    + snapshot.folder());
            dataLost = true;
        }
        return problems;
    }

    /** Whether a restore failed, so the old container must stay stopped. */
    boolean dataLost() {
        return dataLost;
    }

    /** For the result: how long the snapshot added to the outage and its size, and how long a restore took; empty without. */
    String note() {
        if (snapshot == null) {
            return "";
        }
        return "; snapshot of " + snapshot.volumes().size() + (snapshot.volumes().size() == 1 ? " volume (" : " volumes (")
                + snapshot.size() + " bytes) added " + Durations.describe(snapshot.duration()) + " to the outage"
                + (targetRestored && restoreTook == null ? "; its volumes got the data snapshot of " + newImage : "")
                + (restoreTook == null ? "" : "; its volumes were restored from the snapshot in " + Durations.describe(restoreTook));
    }

    private String imageName() {
        return ImageRef.parse(newImage).familiarName();
    }
}
