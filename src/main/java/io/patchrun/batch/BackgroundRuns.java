package io.patchrun.batch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.notify.EndedRun;
import io.patchrun.notify.RunEndListener;
import io.patchrun.source.RunCheckouts;

/**
 * Runs in the background, each a Spring Batch job on a thread of its own, recorded from the moment it is
 * queued. The pipeline is claimed before the run is queued, so of two requests at once one starts a run and
 * the other is told which run is going; nothing is recorded for the refused one.
 */
@Component
class BackgroundRuns implements RunLauncher, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackgroundRuns.class);

    private final ActiveRuns active;
    private final RunHistory runs;
    private final BaseHistory bases;
    private final RunJobs jobs;
    private final RunCheckouts checkouts;
    private final List<RunEndListener> listeners;
    private final Takeover takeover;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "patch-run");
        thread.setDaemon(true);
        return thread;
    });

    BackgroundRuns(ActiveRuns active, RunHistory runs, BaseHistory bases, RunJobs jobs, RunCheckouts checkouts,
                   List<RunEndListener> listeners, Takeover takeover) {
        this.active = active;
        this.runs = runs;
        this.bases = bases;
        this.jobs = jobs;
        this.checkouts = checkouts;
        this.listeners = List.copyOf(listeners);
        this.takeover = takeover;
    }

    @Override
    public Launch launch(NewRun run, String trigger, String requestedBy) {
        String pipeline = run.pipeline().name();
        Optional<ActiveRuns.Claim> claimed = active.claim(pipeline);
        if (claimed.isEmpty()) {
            return active.busy(pipeline);
        }
        ActiveRuns.Claim claim = claimed.get();
        try {
            long id = runs.queue(pipeline, trigger, requestedBy, run.images(),
                    run instanceof NewRun.Resume resume ? resume.previous().id() : null, active.instance());
            RunState state = RunState.of(id, run, run instanceof NewRun.Patch ? bases.pending(pipeline) : List.of());
            claim.bind(state);
            threads.submit(() -> carryOut(state, claim));
            log.info("Run {} of pipeline {} queued ({}{})", id, pipeline, trigger, requestedBy == null ? "" : " by " + requestedBy);
            return new Launch.Started(id);
        } catch (RuntimeException e) {
            claim.release();
            throw e;
        }
    }

    private void carryOut(RunState state, ActiveRuns.Claim claim) {
        RunOutcome outcome;
        try {
            if (claim.takenOver()) {
                // The pipeline's last holder died: its run and rollovers are put to rest before this run touches anything.
                takeover.takeOver();
            }
            runs.started(state.id);
            outcome = outcome(state, jobs.run(state));
        } catch (Exception e) {
            log.error("Run {} of pipeline {} failed", state.id, state.pipeline.name(), e);
            outcome = RunOutcome.notCarriedOut(e);
            failUnfinished(state, outcome.message());
        } finally {
            removeCheckouts(state);
            // Released before the run is recorded as ended: whoever sees it ended may start the next one at once.
            claim.release();
        }
        runs.finished(state.id, outcome.status(), outcome.message());
        log.info("Run {} of pipeline {} ended {}: {}", state.id, state.pipeline.name(), outcome.status(), outcome.message());
        tellListeners(state);
    }

    /** The run's working trees go with it; one that cannot be removed now is removed at the next start. */
    private void removeCheckouts(RunState state) {
        try {
            checkouts.remove(state.id);
        } catch (RuntimeException e) {
            log.warn("Run {}: {}; the next start removes them", state.id, e.getMessage());
        }
    }

    /** Once per ended run, after its end is recorded; a listener that fails is logged and the run stays as it ended. */
    private void tellListeners(RunState state) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            EndedRun ended = EndedRuns.of(state, runs.find(state.id).orElseThrow());
            for (RunEndListener listener : listeners) {
                try {
                    listener.runEnded(ended);
                } catch (RuntimeException e) {
                    log.error("Run {}: {} failed on the run's end", state.id, listener.getClass().getSimpleName(), e);
                }
            }
        } catch (RuntimeException e) {
            log.error("Run {}: its end could not be reported to notifications and metrics", state.id, e);
        }
    }

    private RunOutcome outcome(RunState state, JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            RunOutcome failed = RunOutcome.failed(execution.getAllFailureExceptions());
            failUnfinished(state, failed.message());
            return failed;
        }
        if (state.coversPendingBases()) {
            // The plan covered every image the pending bases affect (or every image, when forced).
            bases.clearPending(state.pipeline.name(), PendingBases.settled(state.fleet, state.pendingBases, state.images));
        }
        return RunOutcome.completed(state.images.values(), state.message);
    }

    private void failUnfinished(RunState state, String message) {
        for (RunImage image : state.images.values()) {
            if (image.status() == ImageStatus.PENDING) {
                RunImage failed = image.with(ImageStatus.FAILED, message);
                state.images.put(image.name(), failed);
                runs.image(state.id, failed);
            }
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
