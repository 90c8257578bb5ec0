package io.patchrun.rollout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.Containers;
import io.patchrun.container.EngineUnavailableException;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/**
 * Puts to rest a rollover that a stopped process left unfinished, from what the journal says and what the engine
 * shows: the container ends on its old version or on its new one, under its own name, running, with no copy
 * left under a temporary name.
 *
 * <p>Forward only when the journal says every container of the image had passed and the old ones were being
 * removed, or when the old container is gone; otherwise back: the new container goes and the old one (or, for a
 * container started with {@code --rm}, its stopped copy) gets its name back and runs again.
 */
public final class RolloverRecovery {

    /** How long a container put back or kept has to be running. */
    private static final RolloutPolicy RESTART = RolloutPolicy.defaults().withMinUptime(Duration.ZERO);

    private final Containers containers;
    private final HealthGate gate;
    private final VolumeSnapshots snapshots;

    public RolloverRecovery(Containers containers, Clock clock, Pause pause) {
        this(containers, new HealthGate(containers, new Polling(clock, pause), new RolloversUnderWay()), null);
    }

    private RolloverRecovery(Containers containers, HealthGate gate, VolumeSnapshots snapshots) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.gate = gate;
        this.snapshots = snapshots;
    }

    /**
     * The same recovery, giving an old container that is put back the volume snapshot its rollover took, when the new
     * container may have run on its volumes.
     */
    public RolloverRecovery withSnapshots(VolumeSnapshots value) {
        return new RolloverRecovery(containers, gate, Objects.requireNonNull(value, "snapshots"));
    }

    /**
     * Never throws for what it finds on the engine: that is in the result, with every repair made.
     *
     * @throws EngineUnavailableException when the engine does not answer, so that the entry is tried again later
     */
    public RolloverResult recover(UnfinishedRollover entry) {
        Repair repair = new Repair(entry);
        try {
            Optional<ContainerDetails> old = old(entry).or(() -> standIn(entry));
            Optional<ContainerDetails> fresh = fresh(entry);
            if (entry.kept() && fresh.isPresent()) {
                return forward(repair, fresh.get(), old, false);
            }
            if (old.isPresent()) {
                return back(repair, old.get(), fresh);
            }
            if (fresh.isPresent()) {
                repair.did("found the old container gone");
                return forward(repair, fresh.get(), Optional.empty(), true);
            }
            return repair.failed("neither the old container " + shortId(entry.containerId()) + " nor the new one is on the engine any more;"
                    + " the journal's snapshot holds the old container's configuration");
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return repair.failed(StepFailure.reason(e));
        }
    }

    /**
     * The old container, unless it was started with {@code --rm} and has stopped: the engine is removing it then,
     * which is waited for, and its stopped copy stands in for it.
     */
    private Optional<ContainerDetails> old(UnfinishedRollover entry) {
        Optional<ContainerDetails> found = containers.lookUp(entry.containerId());
        if (found.isPresent() && found.get().spec().autoRemove() && !found.get().state().running()) {
            removeIfPresent(found.get().id());
            return Optional.empty();
        }
        return found;
    }

    /** The stopped copy of an old container started with {@code --rm}, made under the aside name. */
    private Optional<ContainerDetails> standIn(UnfinishedRollover entry) {
        return containers.lookUp(entry.asideName()).filter(c -> c.imageId().equals(entry.imageId()));
    }

    /**
     * The new container: by the id written down once it was created, else under its temporary name, where it stays
     * until the id is written. A journal without steps kept no id; its new container may hold the name already.
     */
    private Optional<ContainerDetails> fresh(UnfinishedRollover entry) {
        if (entry.newContainerId() != null) {
            return containers.lookUp(entry.newContainerId());
        }
        Optional<ContainerDetails> underNewName = containers.lookUp(entry.newName());
        if (underNewName.isPresent() || entry.step() != null) {
            return underNewName;
        }
        return containers.lookUp(entry.containerName())
                .filter(c -> !c.id().equals(entry.containerId()) && c.imageId().equals(entry.newImageId()));
    }

    private RolloverResult forward(Repair repair, ContainerDetails fresh, Optional<ContainerDetails> old, boolean mustPassHealth) {
        UnfinishedRollover entry = repair.entry;
        if (!fresh.name().equals(entry.containerName())) {
            Optional<ContainerDetails> holder = containers.lookUp(entry.containerName());
            if (holder.isPresent() && old.isPresent() && holder.get().id().equals(old.get().id())) {
                containers.stop(old.get().id(), Duration.ZERO);
                containers.rename(old.get().id(), entry.asideName());
            } else if (holder.isPresent()) {
                return repair.failed(nameTaken(holder.get()));
            }
            containers.rename(fresh.id(), entry.containerName());
            repair.did("gave the new container the name " + entry.containerName());
        }
        if (!fresh.state().running()) {
            containers.start(fresh.id());
            repair.did("started the new container");
        }
        if (mustPassHealth) {
            gate.awaitReady(fresh.id(), entry.containerName(), RESTART);
        } else {
            gate.awaitRunning(fresh.id(), entry.containerName(), RESTART);
        }
        if (old.isPresent()) {
            removeIfPresent(old.get().id());
            repair.did("removed the old container");
        }
        removeLeftovers(repair, fresh.id());
        return repair.ended(RolloverResult.Status.DEPLOYED, "it runs its new image");
    }

    private RolloverResult back(Repair repair, ContainerDetails old, Optional<ContainerDetails> fresh) {
        UnfinishedRollover entry = repair.entry;
        if (fresh.isPresent()) {
            removeIfPresent(fresh.get().id());
            repair.did("removed the new container " + fresh.get().name());
        }
        if (!old.name().equals(entry.containerName())) {
            Optional<ContainerDetails> holder = containers.lookUp(entry.containerName());
            if (holder.isPresent()) {
                return repair.failed(nameTaken(holder.get()));
            }
            containers.rename(old.id(), entry.containerName());
            repair.did("renamed " + old.name() + " back to " + entry.containerName());
        }
        if (!old.state().running()) {
            restoreVolumes(repair, old);
            containers.start(old.id());
            repair.did("started the old container again");
        }
        gate.awaitRunning(old.id(), entry.containerName(), RESTART);
        removeLeftovers(repair, old.id());
        return repair.ended(RolloverResult.Status.ROLLED_BACK, "it runs its old image again");
    }

    /**
     * Gives the stopped old container back the volume snapshot its rollover took, when the new container may have started
     * on those volumes. Before {@link RolloverStep#START_NEW} the volumes were only read, so there is nothing to give back.
     * A restore that fails throws, and the old container is not started on data it did not leave.
     */
    private void restoreVolumes(Repair repair, ContainerDetails old) {
        UnfinishedRollover entry = repair.entry;
        if (snapshots == null || entry.attempt() == null || entry.step() == null || entry.step().compareTo(RolloverStep.START_NEW) < 0) {
            return;
        }
        Optional<VolumeSnapshots.Taken> taken = snapshots.takenBy(entry.attempt(), entry.containerName(), entry.imageId(), old.id());
        if (taken.isPresent()) {
            snapshots.restore(old.id(), taken.get());
            repair.did("restored its volumes from the snapshot in " + taken.get().folder());
        }
    }

    /** Removes whatever else is left under the attempt's temporary names. */
    private void removeLeftovers(Repair repair, String kept) {
        for (String name : List.of(repair.entry.newName(), repair.entry.asideName())) {
            Optional<ContainerDetails> left = containers.lookUp(name);
            if (left.isPresent() && !left.get().id().equals(kept)) {
                removeIfPresent(left.get().id());
                repair.did("removed the leftover " + name);
            }
        }
    }

    private static String nameTaken(ContainerDetails holder) {
        return "the name is held by container " + holder.shortId() + ", which this rollover did not make; it is left as it is";
    }

    private void removeIfPresent(String container) {
        try {
            containers.remove(container);
        } catch (ContainerNotFoundException e) {
            // Gone already.
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** What recovery did to one container, for its result. */
    private static final class Repair {

        private final UnfinishedRollover entry;
        private final List<String> done = new ArrayList<>();

        Repair(UnfinishedRollover entry) {
            this.entry = entry;
        }

        void did(String action) {
            done.add(action);
        }

        RolloverResult ended(RolloverResult.Status status, String outcome) {
            String repairs = done.isEmpty() ? "found nothing changed yet" : String.join(", ", done);
            return result(status, prefix() + repairs + "; " + outcome);
        }

        RolloverResult failed(String why) {
            return result(RolloverResult.Status.FAILED, prefix() + (done.isEmpty() ? "" : String.join(", ", done) + ", then it ")
                    + "could not finish: " + why);
        }

        private RolloverResult result(RolloverResult.Status status, String message) {
            return new RolloverResult(entry.containerName(), status, entry.imageId(), entry.newImageId(), Duration.ZERO, message);
        }

        private String prefix() {
            return "Patchrun stopped during the rollover of " + entry.containerName()
                    + (entry.step() == null ? "" : " (" + entry.step().doing() + ")") + "; at the next start it ";
        }
    }
}
