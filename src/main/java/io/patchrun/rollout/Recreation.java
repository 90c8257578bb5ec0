package io.patchrun.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.time.Durations;

/**
 * The replacement of one container, step by step, remembering what each step changed so that
 * {@link #takeBackName()} and {@link #restartOld(HealthGate)} undo exactly that and nothing more.
 */
final class Recreation {

    private final Containers containers;
    private final Clock clock;
    private final ContainerDetails old;
    private final String newImage;
    private final RolloutPolicy policy;
    private ImageInfo target;
    private RolloutRecord record;
    private String newId;
    private boolean oldStopped;
    private boolean oldRenamed;
    private boolean newMayRun;
    private Instant stoppedAt;
    private Duration outage = Duration.ZERO;

    Recreation(Containers containers, Clock clock, Rollover.Member member) {
        this.containers = containers;
        this.clock = clock;
        this.old = member.container();
        this.newImage = member.newImage();
        this.policy = member.policy();
    }

    String name() {
        return old.name();
    }

    RolloutRecord record() {
        return record;
    }

    /** Checks the container runs and the new image exists; touches nothing. */
    void resolve() {
        if (!old.state().running()) {
            throw new StepFailure("container " + name() + " is " + old.state().status().name().toLowerCase()
                    + ", not running: only running containers are rolled over");
        }
        target = containers.inspectImage(newImage).orElseThrow(() -> new StepFailure(
                "cannot roll container " + name() + " over to " + newImage + ": no such image on the engine"));
    }

    boolean unchanged() {
        return target.id().equals(old.imageId());
    }

    /**
     * Writes down what is about to change, then creates the new container under a temporary name.
     *
     * @param replacements new ids of the containers replaced together with this one, by their old names and ids
     */
    void create(Map<String, String> replacements, RolloutJournal journal) {
        ImageConfig oldDefaults = containers.inspectImage(old.imageId()).map(ImageInfo::defaults).orElseThrow(() -> new StepFailure(
                "cannot roll container " + name() + " over: its image " + old.imageId() + " is gone from the engine, so its own"
                        + " settings cannot be told from that image's defaults"));
        ContainerSpec spec = old.spec().forNewImage(newImage, oldDefaults, old.id()).withReferencesTo(replacements);
        RolloutRecord before = new RolloutRecord(old.id(), name(), old.spec().image(), old.imageId(), newImage, target.id(), old.spec(),
                clock.instant());
        journal.record(before);
        record = before;
        newId = containers.create(name() + "-patchrun-new-" + old.shortId(), spec);
    }

    /** How containers replaced together with this one should now refer to it. */
    Map<String, String> replacementFor() {
        return Map.of(old.name(), newId, old.id(), newId, old.shortId(), newId);
    }

    /** Sends the old container its stop signal, as a stop does first, and returns at once. */
    void askOldToStop() {
        stoppedAt = clock.instant();
        oldStopped = true;
        String signal = old.spec().config().stopSignal();
        containers.signal(old.id(), signal == null ? "SIGTERM" : signal);
    }

    /** Gives the old container what is left of its stop timeout to exit by itself. */
    void awaitOldExit() {
        Duration left = Duration.between(clock.instant(), stoppedAt.plus(policy.stopTimeout()));
        if (!left.isNegative() && !left.isZero()) {
            containers.awaitStopped(old.id(), left);
        }
    }

    /** Kills the old container if it still runs, and returns once the engine has stopped it and let go of its ports. */
    void stopOld() {
        containers.stop(old.id(), Duration.ZERO);
    }

    /** Moves the old container aside, gives the new one its name and starts it. */
    void startNew() {
        containers.rename(old.id(), name() + "-patchrun-old-" + old.shortId());
        oldRenamed = true;
        containers.rename(newId, name());
        newMayRun = true;
        containers.start(newId);
        outage = Duration.between(stoppedAt, clock.instant());
    }

    void awaitReady(HealthGate gate) {
        gate.awaitReady(newId, name(), policy);
    }

    /** Removes the old container now that the new one is up. */
    RolloverResult deployed() {
        String message = "runs " + newImage + " (image " + target.shortId() + ") now; outage " + Durations.describe(outage);
        try {
            containers.remove(old.id());
        } catch (RuntimeException e) {
            message += "; the old container stays as " + name() + "-patchrun-old-" + old.shortId() + ": " + StepFailure.reason(e);
        }
        return result(RolloverResult.Status.DEPLOYED, message);
    }

    /** Undoes what was done up to the old container's restart: removes the new one, gives the old its name back. */
    List<String> takeBackName() {
        List<String> problems = new ArrayList<>();
        if (newId != null) {
            attempt(problems, () -> {
                if (newMayRun) {
                    containers.stop(newId, policy.stopTimeout());
                }
                containers.remove(newId);
            });
        }
        if (oldRenamed) {
            attempt(problems, () -> containers.rename(old.id(), name()));
        }
        return problems;
    }

    /** Starts the old container again if it was stopped, and waits until it runs. */
    List<String> restartOld(HealthGate gate) {
        List<String> problems = new ArrayList<>();
        if (oldStopped) {
            attempt(problems, () -> {
                try {
                    containers.start(old.id());
                } finally {
                    outage = Duration.between(stoppedAt, clock.instant());
                }
                gate.awaitRunning(old.id(), name(), policy);
            });
        }
        return problems;
    }

    /** The result after a rollback for {@code reason}; FAILED when putting the old container back had problems. */
    RolloverResult rolledBack(String reason, List<String> problems) {
        if (problems.isEmpty()) {
            return result(RolloverResult.Status.ROLLED_BACK, reason);
        }
        return result(RolloverResult.Status.FAILED, reason + "; putting the old container back failed: " + String.join("; ", problems));
    }

    RolloverResult unchangedResult() {
        return result(RolloverResult.Status.DEPLOYED, "already runs " + newImage + " (image " + target.shortId() + "); left as it is");
    }

    RolloverResult notTried(String reason) {
        return RolloverResult.failed(name(), old.imageId(), reason);
    }

    private RolloverResult result(RolloverResult.Status status, String message) {
        return new RolloverResult(name(), status, old.imageId(), target == null ? null : target.id(), outage, message);
    }

    private static void attempt(List<String> problems, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            problems.add(StepFailure.reason(e));
        }
    }
}
