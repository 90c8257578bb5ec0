package io.patchrun.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import io.patchrun.batch.ActiveRuns;
import io.patchrun.batch.BatchJobs;
import io.patchrun.batch.RunState;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.plan.UnknownImageException;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.retain.ImageStore;

/**
 * Starts patch runs, from the schedule, a base change, the API, the UI or the CLI: at most one per pipeline
 * at a time, each recorded from the moment it is asked for, each a Spring Batch job on its own thread.
 */
@Component
public class PatchRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PatchRuns.class);

    private final PipelineFolder pipelines;
    private final RunHistory runs;
    private final BaseHistory bases;
    private final ActiveRuns active;
    private final JobOperator jobs;
    private final Job patchRun;
    private final Job rollbackJob;
    private final VersionHistory versions;
    private final ImageStore images;
    private final ExecutorService launcher = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "patch-run");
        thread.setDaemon(true);
        return thread;
    });

    PatchRuns(PipelineFolder pipelines, RunHistory runs, BaseHistory bases, ActiveRuns active, JobOperator jobs,
              @Qualifier(BatchJobs.NAME) Job patchRun, @Qualifier(BatchJobs.ROLLBACK) Job rollbackJob,
              VersionHistory versions, ImageStore images) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.bases = bases;
        this.active = active;
        this.jobs = jobs;
        this.patchRun = patchRun;
        this.rollbackJob = rollbackJob;
        this.versions = versions;
        this.images = images;
        int abandoned = runs.abandonActive("Patchrun stopped while this run was going; start it again");
        if (abandoned > 0) {
            log.warn("{} run(s) left unfinished by the last process were marked FAILED", abandoned);
        }
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
        Pipeline found = pipelines.find(pipeline).orElseThrow(() -> new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE,
                "no pipeline '" + pipeline + "'; known: " + pipelines.list().stream().map(Pipeline::name).toList()));
        Set<String> names = found.images().stream().map(ImageSpec::name).collect(Collectors.toSet());
        List<String> unknown = request.images().stream().filter(name -> !names.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, "pipeline " + pipeline + " has no image " + unknown
                    + "; its images are " + names.stream().sorted().toList());
        }
        return launch(found, trigger, requestedBy, List.of(), id -> new RunState(id, found, request, bases.pending(pipeline)), patchRun);
    }

    /**
     * Rolls every container of {@code image} back to a prior version, as a run of its own.
     *
     * @param tag the version to go back to, or {@code null} for the one before the current
     * @throws RunRefused when the image is unknown, its pipeline is running, or the version is gone
     */
    public long rollback(String image, String tag, String requestedBy) {
        Pipeline pipeline = pipelines.list().stream().filter(p -> p.images().stream().anyMatch(i -> i.name().equals(image)))
                .findFirst().orElseThrow(() -> new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE,
                        "no pipeline has an image '" + image + "'"));
        ImageSpec spec = pipeline.images().stream().filter(i -> i.name().equals(image)).findFirst().orElseThrow();
        ImageVersion version = rollbackVersion(image, tag);
        return launch(pipeline, "rollback", requestedBy, List.of(image), id -> {
            RunState state = new RunState(id, pipeline, new RunRequest(List.of(image), false), List.of());
            state.rollback = new RunState.RollbackTarget(spec, version);
            state.images.put(image, RunImage.pending(image));
            return state;
        }, rollbackJob);
    }

    private ImageVersion rollbackVersion(String image, String tag) {
        List<ImageVersion> known = versions.versions(image);
        ImageVersion current = known.stream().filter(ImageVersion::current).findFirst().orElse(null);
        ImageVersion target;
        if (tag != null) {
            target = known.stream().filter(v -> v.tag().equals(tag)).findFirst().orElseThrow(() -> new RunRefused(
                    RunRefused.Reason.BAD_REQUEST, "image " + image + " has no version '" + tag + "'; its versions are "
                    + known.stream().map(ImageVersion::tag).toList()));
        } else {
            target = known.stream().filter(v -> !v.current() && !v.pruned())
                    .filter(v -> current == null || v.builtAt().isBefore(current.builtAt())).findFirst()
                    .orElseThrow(() -> new RunRefused(RunRefused.Reason.BAD_REQUEST, "image " + image
                            + " has no prior version to roll back to" + (current == null ? "" : " (current: " + current.tag() + ")")));
        }
        List<String> kept = known.stream().filter(v -> !v.pruned()).map(ImageVersion::tag).toList();
        if (target.pruned() || images.imageId(ImageRef.parse(image).withTag(target.tag())) == null) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, "version " + target.tag() + " of " + image
                    + " was pruned and its image is gone; roll back to one of " + kept);
        }
        return target;
    }

    private long launch(Pipeline pipeline, String trigger, String requestedBy, List<String> images,
                        java.util.function.LongFunction<RunState> newState, Job job) {
        synchronized (active) {
            active.of(pipeline.name()).ifPresent(running -> {
                throw new RunRefused(RunRefused.Reason.RUN_ACTIVE, "run " + running.id + " of pipeline " + pipeline.name()
                        + " is still going; wait for it to end");
            });
            long id = runs.queue(pipeline.name(), trigger, requestedBy, images);
            RunState state = newState.apply(id);
            active.claim(state);
            launcher.submit(() -> execute(state, job));
            log.info("Run {} of pipeline {} queued ({}{})", id, pipeline.name(), trigger, requestedBy == null ? "" : " by " + requestedBy);
            return id;
        }
    }

    /** The nightly run: rebuilds what the changed bases affect; skipped while another run of the pipeline goes. */
    public void scheduled(String pipeline) {
        startQuietly(pipeline, "schedule");
    }

    /** A base of the pipeline changed and it asks for an immediate run. */
    public void onBaseChange(String pipeline) {
        startQuietly(pipeline, "base-change");
    }

    /** Waits until run {@code id} has ended, at most {@code timeout}; returns it as recorded. */
    public Run await(long id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Run run = runs.find(id).orElseThrow(() -> new IllegalArgumentException("no run " + id));
            if (!run.status().active() || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(100);
        }
    }

    private void startQuietly(String pipeline, String trigger) {
        try {
            start(pipeline, RunRequest.PENDING, trigger, null);
        } catch (RunRefused e) {
            log.warn("The {} run of pipeline {} was not started: {}", trigger, pipeline, e.getMessage());
        }
    }

    private void execute(RunState state, Job job) {
        runs.started(state.id);
        RunStatus status;
        String message;
        try {
            JobExecution execution = jobs.start(job, new JobParametersBuilder().addLong(BatchJobs.RUN_ID, state.id).toJobParameters());
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                status = status(state);
                message = state.message != null ? state.message : summary(state);
                if (state.request.images().isEmpty()) {
                    // The plan covered every image the pending bases affect (or every image, when forced).
                    bases.clearPending(state.pipeline.name(), state.pendingBases);
                }
            } else {
                status = RunStatus.FAILED;
                message = failure(execution.getAllFailureExceptions());
                failUnfinished(state, message);
            }
        } catch (Exception e) {
            status = RunStatus.FAILED;
            message = "the run could not be carried out: " + e.getMessage();
            log.error("Run {} of pipeline {} failed", state.id, state.pipeline.name(), e);
            failUnfinished(state, message);
        } finally {
            active.release(state);
        }
        runs.finished(state.id, status, message);
        log.info("Run {} of pipeline {} ended {}: {}", state.id, state.pipeline.name(), status, message);
    }

    /** SUCCEEDED when nothing failed; PARTIAL when some did and others rolled out; else FAILED or ROLLED_BACK. */
    static RunStatus status(RunState state) {
        long good = state.count(ImageStatus.BUILT) + state.count(ImageStatus.DEPLOYED) + state.count(ImageStatus.UNCHANGED);
        long rolledBack = state.count(ImageStatus.ROLLED_BACK);
        long bad = state.count(ImageStatus.FAILED) + state.count(ImageStatus.SKIPPED) + rolledBack;
        if (bad == 0) {
            return RunStatus.SUCCEEDED;
        }
        if (good > 0) {
            return RunStatus.PARTIAL;
        }
        return rolledBack > 0 ? RunStatus.ROLLED_BACK : RunStatus.FAILED;
    }

    private static String summary(RunState state) {
        List<String> parts = new ArrayList<>();
        for (ImageStatus status : ImageStatus.values()) {
            long count = state.count(status);
            if (count > 0) {
                parts.add(count + " " + status.name().toLowerCase().replace('_', ' '));
            }
        }
        return String.join(", ", parts);
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

    private static String failure(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return "the run stopped without saying why";
        }
        Throwable first = failures.get(0);
        if (first instanceof DependencyCycleException || first instanceof UnknownImageException) {
            return first.getMessage();
        }
        return first.getClass().getSimpleName() + ": " + first.getMessage();
    }

    @Override
    public void destroy() {
        launcher.shutdownNow();
    }
}
