package io.patchrun.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.stereotype.Component;

import io.patchrun.container.Containers;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.retain.ImageStore;
import io.patchrun.rollout.ContainerRollouts;
import io.patchrun.rollout.RollbackTo;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloversUnderWay;
import io.patchrun.rollout.RolloverResult;

/**
 * A manual rollback: every container of an image moves to a chosen prior version, through the same
 * health gate as a patch run. When the prior version fails its health gate, the containers stay on the
 * version they ran. A rollback that went through drops the version of the image waiting for the maintenance
 * window, if one waits.
 */
@Component
class RollbackStep {

    private final Containers containers;
    private final Rollover rollover;
    private final RolloutStep rollouts;
    private final ImageStore images;
    private final RunHistory runs;
    private final VersionHistory versions;
    private final ReadyVersions ready;
    private final ServiceRolloutStep services;

    RollbackStep(Containers containers, Rollover rollover, RolloutStep rollouts, ImageStore images, RunHistory runs, VersionHistory versions,
                 ReadyVersions ready, ServiceRolloutStep services) {
        this.containers = containers;
        this.rollover = rollover;
        this.rollouts = rollouts;
        this.images = images;
        this.runs = runs;
        this.versions = versions;
        this.ready = ready;
        this.services = services;
    }

    /** Like a rollout, the rollback and its record are waited for by a graceful stop. */
    void execute(RunState state) {
        Optional<RolloversUnderWay.Ticket> ticket = rollover.underWay().enter();
        if (ticket.isEmpty()) {
            throw new IllegalStateException("not rolled back: Patchrun is stopping");
        }
        try (RolloversUnderWay.Ticket held = ticket.get()) {
            rollBackAndRecord(state);
        }
    }

    private void rollBackAndRecord(RunState state) {
        NewRun.Rollback target = state.rollback;
        ImageVersion version = target.version();
        String name = target.image().name();
        ExecutorService threads = Executors.newFixedThreadPool(ContainerRollouts.DEFAULT_PARALLELISM, runnable -> {
            Thread thread = new Thread(runnable, "rollback-" + state.id);
            thread.setDaemon(true);
            return thread;
        });
        RunImage attempt = new RunImage(name, ImageStatus.PENDING, version.tag(), version.baseDigest(), version.commit(), null, List.of(), null);
        // Another engine may have pruned the version, or never had it: it pulls it again from where it was pushed, or nothing moves.
        Optional<String> notCopied = rollouts.copy(state, target.image(), version.tag());
        if (notCopied.isPresent()) {
            threads.shutdown();
            RunImage failed = attempt.with(ImageStatus.ROLLED_BACK, "rollback to " + version.tag() + " failed, containers stay where they were:"
                    + " not every engine of the image has the version: " + notCopied.get());
            state.images.put(name, failed);
            runs.image(state.id, failed);
            return;
        }
        List<RolloverResult> results;
        try {
            RollbackTo rollback = new RollbackTo(containers, rollouts.fleet(state, threads));
            results = rollback.rollBack(target.image().ref(), version.tag(), RolloutStep.policy(state.pipeline, target.image())
                    .withRestoreData(target.restoreData()), rollouts.engineNames(target.image()));
        } finally {
            threads.shutdown();
        }
        // The services follow the containers back only when those went back: otherwise everything stays where it was.
        List<RolloverResult> serviceResults = Rolled.of(results).failed().isEmpty() ? services.rollBack(state, target.image(), version.tag()) : List.of();
        results = new ArrayList<>(results);
        results.addAll(serviceResults);
        Rolled rolled = Rolled.of(results);
        RunImage outcome;
        if (rolled.failed().isEmpty()) {
            versions.makeCurrent(name, version.tag());
            images.tag(version.imageId(), ImageRef.parse(name).withTag("latest"));
            // The admin chose this version: a newer one waiting for the maintenance window must not undo that at its opening.
            ready.done(name);
            outcome = rolled.record(attempt, ImageStatus.DEPLOYED, RolloutStep.policyNotes(results, results.isEmpty()
                    ? "no running container of " + name + "; " + version.tag() + " is current again"
                    : rolled.tried().isEmpty() ? "no container rolled back; " + version.tag() + " is current again"
                    : ServiceRolloutStep.withServices("rolled " + (rolled.tried().size() - Rolled.of(serviceResults).tried().size())
                            + " container(s) back to " + version.tag(), serviceResults)));
        } else {
            outcome = rolled.record(attempt, ImageStatus.ROLLED_BACK, RolloutStep.policyNotes(results,
                    "rollback to " + version.tag() + " failed, containers stay where they were: " + Rolled.describe(rolled.failed())));
        }
        state.images.put(name, outcome);
        runs.image(state.id, outcome);
    }
}
