package io.patchrun.run;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.patchrun.batch.NewRun;
import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RollbackChoice;
import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.history.UnavailableVersionException;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;

/**
 * Whether a run may be asked for, before anything is recorded: the pipeline exists, the images are its own,
 * the version to roll back to is still there, the run to resume can be. A refusal names what there is instead.
 */
final class RequestChecks {

    private final Supplier<List<Pipeline>> pipelines;
    private final Function<String, List<ImageVersion>> versions;
    private final Predicate<ImageRef> onEngine;
    private final LongFunction<Optional<Run>> runs;
    private final Function<String, Optional<Run>> latestRun;

    /**
     * @param pipelines the pipelines loaded now
     * @param versions  an image's versions, newest first
     * @param onEngine  whether the engine has an image under a reference
     * @param runs      a run by id, with its images
     * @param latestRun the newest run of a pipeline, without its images
     */
    RequestChecks(Supplier<List<Pipeline>> pipelines, Function<String, List<ImageVersion>> versions, Predicate<ImageRef> onEngine,
                  LongFunction<Optional<Run>> runs, Function<String, Optional<Run>> latestRun) {
        this.pipelines = pipelines;
        this.versions = versions;
        this.onEngine = onEngine;
        this.runs = runs;
        this.latestRun = latestRun;
    }

    /** @throws RunRefused when the pipeline is unknown (UNKNOWN_PIPELINE) or an image is not in it (BAD_REQUEST) */
    NewRun.Patch patchRun(String pipeline, RunRequest request) {
        List<Pipeline> known = pipelines.get();
        Pipeline found = known.stream().filter(p -> p.name().equals(pipeline)).findFirst()
                .orElseThrow(() -> new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE,
                        "no pipeline '" + pipeline + "'; known: " + known.stream().map(Pipeline::name).toList()));
        Set<String> names = found.images().stream().map(ImageSpec::name).collect(Collectors.toSet());
        List<String> unknown = request.images().stream().filter(name -> !names.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, "pipeline " + pipeline + " has no image " + unknown
                    + "; its images are " + names.stream().sorted().toList());
        }
        return new NewRun.Patch(found, request);
    }

    /**
     * @param tag the version to go back to, or {@code null} for the one before the current
     * @throws RunRefused when no pipeline has the image (UNKNOWN_PIPELINE) or the version is not there (BAD_REQUEST)
     */
    NewRun.Rollback rollback(String image, String tag, boolean restoreData) {
        for (Pipeline pipeline : pipelines.get()) {
            for (ImageSpec spec : pipeline.images()) {
                if (spec.name().equals(image)) {
                    return new NewRun.Rollback(pipeline, spec, version(spec, tag), restoreData);
                }
            }
        }
        throw new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE, "no pipeline has an image '" + image + "'");
    }

    /**
     * A run can be resumed when it is a patch run that ended FAILED (which includes a run Patchrun's stop
     * interrupted) or PARTIAL, it planned images, its pipeline is still loaded, and no run of that pipeline
     * came after it: a later run has built on what it left, so continuing it would undo newer work.
     *
     * @throws RunRefused UNKNOWN_RUN when there is no such run, RUN_ACTIVE while a run of its pipeline goes,
     *                    BAD_REQUEST when it cannot be resumed, saying why and what to do instead
     */
    NewRun.Resume resume(long id) {
        Run run = runs.apply(id).orElseThrow(() -> new RunRefused(RunRefused.Reason.UNKNOWN_RUN, "there is no run " + id));
        Run latest = latestRun.apply(run.pipeline()).orElse(run);
        if (latest.status().active()) {
            throw new RunRefused(RunRefused.Reason.RUN_ACTIVE, "run " + latest.id() + " of pipeline " + run.pipeline()
                    + " is still going; wait for it to end");
        }
        if ("rollback".equals(run.trigger())) {
            throw badResume(run, "is a rollback; roll the image back again instead");
        }
        if (!run.status().resumable()) {
            throw badResume(run, "ended " + run.status() + ": only a FAILED or PARTIAL run can be resumed"
                    + (run.status() == RunStatus.ROLLED_BACK ? " (a rollback on failure is a verdict, not an interruption)" : ""));
        }
        if (latest.id() != run.id()) {
            throw badResume(run, "is not the latest run of pipeline " + run.pipeline() + ": run " + latest.id()
                    + " came after it; resume that one, or start a new run");
        }
        if (run.images().isEmpty()) {
            throw badResume(run, "stopped before it planned any image (" + run.message() + "); start a new run instead");
        }
        Pipeline pipeline = pipelines.get().stream().filter(p -> p.name().equals(run.pipeline())).findFirst()
                .orElseThrow(() -> badResume(run, "belongs to pipeline " + run.pipeline() + ", which is no longer loaded"));
        return new NewRun.Resume(pipeline, run);
    }

    private static RunRefused badResume(Run run, String why) {
        return new RunRefused(RunRefused.Reason.BAD_REQUEST, "run " + run.id() + " cannot be resumed: it " + why);
    }

    private ImageVersion version(ImageSpec spec, String tag) {
        try {
            return RollbackChoice.choose(spec.name(), tag, versions.apply(spec.name()), t -> onEngine.test(spec.ref().withTag(t)));
        } catch (UnavailableVersionException e) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, e.getMessage());
        }
    }
}
