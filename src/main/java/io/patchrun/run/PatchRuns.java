package io.patchrun.run;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patchrun.batch.Launch;
import io.patchrun.batch.RunLauncher;
import io.patchrun.batch.RunRequest;
import io.patchrun.history.Run;

/**
 * Starts patch runs and rollbacks, from the schedule, a base change, the API, the UI or the CLI: checks the
 * request, then has the launcher start it, at most one run per pipeline at a time.
 */
public class PatchRuns {

    private static final Logger log = LoggerFactory.getLogger(PatchRuns.class);

    private final RequestChecks checks;
    private final RunLauncher launcher;
    private final RunWaiter waiter;

    PatchRuns(RequestChecks checks, RunLauncher launcher, RunWaiter waiter) {
        this.checks = checks;
        this.launcher = launcher;
        this.waiter = waiter;
    }

    /**
     * Queues a patch run of {@code pipeline} and starts it in the background.
     *
     * @param trigger     {@code api}, {@code ui}, {@code cli}, {@code schedule} or {@code base-change}
     * @param requestedBy the user who asked, or {@code null} for the scheduler
     * @return the run's id
     * @throws RunRefused when the pipeline is unknown, already running, or an image is not in it
     */
    public long start(String pipeline, RunRequest request, String trigger, String requestedBy) {
        return started(launcher.launch(checks.patchRun(pipeline, request), trigger, requestedBy));
    }

    /**
     * Rolls every container of {@code image} back to a prior version, as a run of its own.
     *
     * @param tag the version to go back to, or {@code null} for the one before the current
     * @throws RunRefused when the image is unknown, its pipeline is running, or the version is gone
     */
    public long rollback(String image, String tag, String requestedBy) {
        return rollback(image, tag, false, requestedBy);
    }

    /**
     * As {@link #rollback(String, String, String)}; with {@code restoreData}, each container's named volumes also get the
     * data snapshot kept with that version (their current data is saved first), and a container without one is not rolled back.
     */
    public long rollback(String image, String tag, boolean restoreData, String requestedBy) {
        return started(launcher.launch(checks.rollback(image, tag, restoreData), "rollback", requestedBy));
    }

    /**
     * Continues run {@code id}, a FAILED or PARTIAL patch run, as a new run (trigger {@code resume}) that
     * names it: images that passed are not built again, the rest are.
     *
     * @return the new run's id
     * @throws RunRefused when there is no such run, a run of its pipeline is going, or it cannot be resumed
     */
    public long resume(long id, String requestedBy) {
        return started(launcher.launch(checks.resume(id), "resume", requestedBy));
    }

    /** Why run {@code id} cannot be resumed now, or empty when it can: pages offer the button only where it works. */
    public Optional<String> whyNotResumable(long id) {
        try {
            checks.resume(id);
            return Optional.empty();
        } catch (RunRefused e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The nightly run: checks the pipeline's bases and rebuilds what changed since the images were built;
     * skipped while another run of the pipeline goes.
     */
    public void scheduled(String pipeline) {
        startQuietly(pipeline, "schedule");
    }

    /** A base of the pipeline changed and it asks for an immediate run. */
    public void onBaseChange(String pipeline) {
        startQuietly(pipeline, "base-change");
    }

    /** Waits until run {@code id} has ended, at most {@code timeout}; returns it as recorded. */
    public Run await(long id, Duration timeout) throws InterruptedException {
        return waiter.await(id, timeout);
    }

    private void startQuietly(String pipeline, String trigger) {
        try {
            start(pipeline, RunRequest.PENDING, trigger, null);
        } catch (RunRefused e) {
            log.warn("The {} run of pipeline {} was not started: {}", trigger, pipeline, e.getMessage());
        }
    }

    static long started(Launch launch) {
        if (launch instanceof Launch.Busy busy) {
            String where = busy.instance() == null ? "" : " on instance " + busy.instance();
            throw new RunRefused(RunRefused.Reason.RUN_ACTIVE, (busy.running() == null
                    ? "a run of pipeline " + busy.pipeline() + " is being started" + where
                    : "run " + busy.running() + " of pipeline " + busy.pipeline() + " is still going" + where) + "; wait for it to end");
        }
        return ((Launch.Started) launch).id();
    }
}
