package io.patchrun.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;
import io.patchrun.time.Durations;

/**
 * The replacement of one container, step by step, each written to the journal before it is taken, remembering
 * what each step changed so that {@link #takeBackName()} and {@link #restartOld(HealthGate)} undo exactly that
 * and nothing more.
 *
 * <p>An old container started with {@code --rm} is removed by the engine as soon as it stops, so it cannot be
 * put back itself. Before it is asked to stop, a stopped copy of it (same configuration, same image) is created
 * under the name the old container would have been moved aside to; the copy is what gets the name back when the
 * new container fails, and it is removed once the new one has passed.
 */
final class Recreation {

    /** How long one wait for the old container's exit lasts before looking whether Patchrun is stopping. */
    static final Duration EXIT_WAIT_SLICE = Duration.ofSeconds(1);

    private final Containers containers;
    private final Clock clock;
    private final RolloversUnderWay underWay;
    private final ContainerDetails old;
    private final String newImage;
    private final RolloutPolicy policy;
    private final String policyNote;
    private final DataGuard data;
    private final String attempt = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private RolloutJournal journal;
    private ImageInfo target;
    private RolloutRecord record;
    private String newId;
    private String standInId;
    private boolean oldStopped;
    private boolean oldGone;
    private boolean oldRenamed;
    private boolean newMayRun;
    private Instant stoppedAt;
    private Duration outage = Duration.ZERO;

    /** @param snapshots where volume snapshots go; {@code null} when none can be taken, which refuses a container asking for one */
    Recreation(Containers containers, Clock clock, RolloversUnderWay underWay, Rollover.Member member, VolumeSnapshots snapshots) {
        this.containers = containers;
        this.data = new DataGuard(snapshots, member.container(), member.newImage(), member.policy());
        this.clock = clock;
        this.underWay = underWay;
        this.old = member.container();
        this.newImage = member.newImage();
        this.policy = member.policy();
        this.policyNote = member.policyNote();
    }

    String name() {
        return old.name();
    }

    RolloutRecord record() {
        return record;
    }

    RolloutJournal journal() {
        return journal;
    }

    /** Checks the container runs, the new image exists and a replacement would get every setting of the old one; touches nothing. */
    void resolve() {
        if (!old.state().running()) {
            throw new StepFailure("container " + name() + " is " + old.state().status().name().toLowerCase()
                    + ", not running: only running containers are rolled over");
        }
        target = containers.inspectImage(newImage).orElseThrow(() -> new StepFailure(
                "cannot roll container " + name() + " over to " + newImage + ": no such image on the engine"));
        if (!unchanged() && !old.notCarriedOver().isEmpty()) {
            throw new StepFailure(CarryOverCheck.reason(old, newImage));
        }
        if (!unchanged()) {
            data.check(target.id());
        }
    }

    boolean unchanged() {
        return target.id().equals(old.imageId());
    }

    /**
     * Runs the pre-update hook (the pipeline's, or the container's lifecycle label) in the old container, before anything
     * is changed.
     *
     * @return why the container must not be rolled over: the hook failed, ran out of time or asked to skip; empty to go on
     */
    Optional<String> runPreUpdate() {
        Hook hook;
        try {
            hook = ContainerLabels.hooks(old, policy.hooks()).preUpdate();
        } catch (IllegalArgumentException e) {
            return Optional.of("not rolled over: " + e.getMessage());
        }
        return hook == null ? Optional.empty()
                : HookRun.failure(containers, old.id(), name(), "pre-update", hook).map(failure -> "not rolled over: " + failure);
    }

    /** Runs the post-update hook in the new container, which passed and stays; says how it went, or nothing when there is none. */
    Optional<String> runPostUpdate() {
        Hook hook = ContainerLabels.hooks(old, policy.hooks()).postUpdate();
        if (hook == null) {
            return Optional.empty();
        }
        return Optional.of(HookRun.failure(containers, newId, name(), "post-update", hook).map(failure -> failure + "; the new container stays")
                .orElse("its post-update hook (" + hook.describe() + ") ran"));
    }

    /**
     * Writes down what is about to change, then creates the new container under a temporary name, and for an old
     * container started with {@code --rm} a stopped copy of it to put back.
     *
     * @param replacements new ids of the containers replaced together with this one, by their old names and ids
     */
    void create(Map<String, String> replacements, RolloutJournal journal) {
        ensureNotStopping();
        ImageInfo oldImage = containers.inspectImage(old.imageId()).orElseThrow(() -> new StepFailure(
                "cannot roll container " + name() + " over: its image " + old.imageId() + " is gone from the engine, so its own"
                        + " settings cannot be told from that image's defaults"));
        ContainerSpec spec = old.spec().forNewImage(newImage, oldImage.defaults(), old.id()).withReferencesTo(replacements);
        RolloutRecord before = new RolloutRecord(old.id(), name(), old.spec().image(), old.imageId(), newImage, target.id(), old.spec(),
                clock.instant(), attempt);
        journal.record(before);
        this.journal = journal;
        record = before;
        newId = containers.create(record.newName(), spec);
        journal.created(record, newId);
        if (old.spec().autoRemove()) {
            journal.step(record, RolloverStep.CREATE_STAND_IN);
            standInId = containers.create(record.asideName(), old.spec().withImage(oldImageReference(oldImage)));
        }
    }

    /**
     * The reference the old container's copy is created from: the one the old container was created from while it
     * still names the old image, else a tag of the same name that does (a version tag), else the image's id.
     */
    private String oldImageReference(ImageInfo oldImage) {
        String configured = old.spec().image();
        if (containers.inspectImage(configured).map(ImageInfo::id).filter(old.imageId()::equals).isPresent()) {
            return configured;
        }
        return oldImage.repoTags().stream().filter(tag -> sameName(tag, configured)).findFirst().orElse(old.imageId());
    }

    private static boolean sameName(String reference, String other) {
        try {
            return ImageRef.parse(reference).sameName(ImageRef.parse(other));
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** How containers replaced together with this one should now refer to it. */
    Map<String, String> replacementFor() {
        return Map.of(old.name(), newId, old.id(), newId, old.shortId(), newId);
    }

    /** Sends the old container its stop signal, as a stop does first, and returns at once. */
    void askOldToStop() {
        ensureNotStopping();
        journal.step(record, RolloverStep.STOP_OLD);
        stoppedAt = clock.instant();
        oldStopped = true;
        containers.signal(old.id(), ContainerLabels.stopSignal(old));
    }

    /** Gives the old container what is left of its stop timeout to exit by itself; cut short when Patchrun is stopping. */
    void awaitOldExit() {
        while (true) {
            ensureNotStopping();
            Duration left = Duration.between(clock.instant(), stoppedAt.plus(policy.stopTimeout()));
            if (left.isNegative() || left.isZero()) {
                return;
            }
            try {
                if (containers.awaitStopped(old.id(), left.compareTo(EXIT_WAIT_SLICE) < 0 ? left : EXIT_WAIT_SLICE)) {
                    return;
                }
            } catch (ContainerNotFoundException e) {
                // Stopped, and removed by the engine because it was started with --rm.
                return;
            }
        }
    }

    /** The cutover begins: kills the old container if it still runs, and returns once the engine has let go of its ports. */
    void stopOld() {
        ensureNotStopping();
        journal.step(record, RolloverStep.KILL_OLD);
        if (old.spec().autoRemove()) {
            removeIfPresent(old.id());
            oldGone = true;
        } else {
            containers.stop(old.id(), Duration.ZERO);
        }
    }

    /**
     * Saves the named volumes of the stopped old container (or its stopped copy), when it asks for that: the only moment
     * their data is consistent. A failure stops the rollover before the new container starts.
     */
    void snapshot() {
        if (!data.needed()) {
            return;
        }
        ensureNotStopping();
        journal.step(record, RolloverStep.SNAPSHOT_VOLUMES);
        data.save(oldGone ? standInId : old.id(), attempt, journal, record);
    }

    /** Moves the old container aside (one the engine removed is gone already), gives the new one its name and starts it. */
    void startNew() {
        journal.step(record, RolloverStep.SWAP_NAMES);
        if (!oldGone) {
            containers.rename(old.id(), record.asideName());
            oldRenamed = true;
        }
        containers.rename(newId, name());
        journal.step(record, RolloverStep.START_NEW);
        newMayRun = true;
        containers.start(newId);
        outage = Duration.between(stoppedAt, clock.instant());
    }

    /** Waits for the new container to pass the health gate; then it waits for the decision on its image. */
    void awaitReady(HealthGate gate) {
        journal.step(record, RolloverStep.AWAIT_HEALTH);
        gate.awaitReady(newId, name(), policy);
        journal.step(record, RolloverStep.PASSED);
    }

    /** Writes down that the new container stays and the old one goes; taken for every container of an image before any goes. */
    void markKept() {
        journal.step(record, RolloverStep.REMOVE_OLD);
    }

    /** Removes the old container (or its stopped copy) now that every new one of its image is up. */
    RolloverResult deployed() {
        String message = "runs " + newImage + " (image " + target.shortId() + ") now; outage " + Durations.describe(outage) + data.note();
        List<String> problems = new ArrayList<>();
        if (standInId != null) {
            attempt(problems, () -> removeIfPresent(standInId));
        }
        if (!oldGone) {
            attempt(problems, () -> removeIfPresent(old.id()));
        }
        if (!problems.isEmpty()) {
            message += "; the old container stays as " + record.asideName() + ": " + String.join("; ", problems);
        }
        return result(RolloverResult.Status.DEPLOYED, message);
    }

    /** Writes down that the old container is being put back. */
    void markRollingBack() {
        if (record != null) {
            journal.step(record, RolloverStep.ROLL_BACK);
        }
    }

    /** Undoes what was done up to the old container's restart: removes the new one, gives the old (or its copy) its name back. */
    List<String> takeBackName() {
        List<String> problems = new ArrayList<>();
        if (newId != null) {
            attempt(problems, () -> {
                if (newMayRun) {
                    stopIfPresent(newId);
                }
                removeIfPresent(newId);
            });
        }
        if (old.spec().autoRemove() && oldStopped && !oldGone) {
            attempt(problems, this::settleRemovedOld);
        }
        if (oldGone) {
            if (standInId == null) {
                problems.add("the old container was started with --rm, so the engine removed it when it stopped");
            } else {
                attempt(problems, () -> containers.rename(standInId, name()));
            }
        } else {
            if (oldRenamed) {
                attempt(problems, () -> containers.rename(old.id(), name()));
            }
            if (standInId != null) {
                attempt(problems, () -> removeIfPresent(standInId));
            }
        }
        return problems;
    }

    /**
     * An old container started with {@code --rm} that was asked to stop: if it still runs it is put back itself; if it
     * exited, the engine removes it, which is waited for, and its copy takes its place.
     */
    private void settleRemovedOld() {
        Optional<ContainerDetails> now = containers.lookUp(old.id());
        if (now.isEmpty() || !now.get().state().running()) {
            removeIfPresent(old.id());
            oldGone = true;
        }
    }

    /**
     * Gives the old container's volumes back their snapshot when the new container may have run on them, before the old
     * one starts again.
     *
     * @return what went wrong; the old container is then not started, as it would run on data it did not leave
     */
    List<String> restoreVolumes() {
        return data.restore(oldGone ? standInId : old.id(), newMayRun, journal, record);
    }

    /** Starts the old container (or its copy) again if it was stopped, and waits until it runs. */
    List<String> restartOld(HealthGate gate) {
        List<String> problems = new ArrayList<>();
        String container = oldGone ? standInId : old.id();
        if (oldStopped && container != null && !data.dataLost()) {
            attempt(problems, () -> {
                try {
                    containers.start(container);
                } finally {
                    outage = Duration.between(stoppedAt, clock.instant());
                }
                gate.awaitRunning(container, name(), policy);
            });
        }
        return problems;
    }

    /** The result after a rollback for {@code reason}; FAILED when putting the old container back had problems. */
    RolloverResult rolledBack(String reason, List<String> problems) {
        String restored = oldGone && standInId != null && problems.isEmpty()
                ? " (the old container was started with --rm and removed by the engine when it stopped; its copy runs in its place)" : "";
        if (problems.isEmpty()) {
            return result(RolloverResult.Status.ROLLED_BACK, reason + restored + data.note());
        }
        return result(RolloverResult.Status.FAILED, reason + "; putting the old container back failed: " + String.join("; ", problems));
    }

    RolloverResult unchangedResult() {
        return result(RolloverResult.Status.DEPLOYED, "already runs " + newImage + " (image " + target.shortId() + "); left as it is");
    }

    RolloverResult skipped(String reason) {
        return RolloverResult.skipped(name(), old.imageId(), reason);
    }

    RolloverResult notTried(String reason) {
        return RolloverResult.failed(name(), old.imageId(), reason);
    }

    private RolloverResult result(RolloverResult.Status status, String message) {
        return new RolloverResult(name(), status, old.imageId(), target == null ? null : target.id(), outage,
                policyNote == null ? message : message + "; " + policyNote, policyNote);
    }

    private void ensureNotStopping() {
        if (underWay.stopping()) {
            throw new StepFailure(RolloversUnderWay.STOPPING);
        }
    }

    private void stopIfPresent(String container) {
        try {
            containers.stop(container, policy.stopTimeout());
        } catch (ContainerNotFoundException e) {
            // Gone already: a container started with --rm is removed by the engine when it stops.
        }
    }

    private void removeIfPresent(String container) {
        try {
            containers.remove(container);
        } catch (ContainerNotFoundException e) {
            // Gone already, which is what was asked for.
        }
    }

    private static void attempt(List<String> problems, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            problems.add(StepFailure.reason(e));
        }
    }
}
