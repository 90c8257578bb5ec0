package io.patchrun.run;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.patchrun.batch.NewRun;
import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RollbackChoice;
import io.patchrun.history.UnavailableVersionException;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;

/**
 * Whether a run may be asked for, before anything is recorded: the pipeline exists, the images are its own,
 * the version to roll back to is still there. A refusal names what there is instead.
 */
final class RequestChecks {

    private final Supplier<List<Pipeline>> pipelines;
    private final Function<String, List<ImageVersion>> versions;
    private final Predicate<ImageRef> onEngine;

    /**
     * @param pipelines the pipelines loaded now
     * @param versions  an image's versions, newest first
     * @param onEngine  whether the engine has an image under a reference
     */
    RequestChecks(Supplier<List<Pipeline>> pipelines, Function<String, List<ImageVersion>> versions, Predicate<ImageRef> onEngine) {
        this.pipelines = pipelines;
        this.versions = versions;
        this.onEngine = onEngine;
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
    NewRun.Rollback rollback(String image, String tag) {
        for (Pipeline pipeline : pipelines.get()) {
            for (ImageSpec spec : pipeline.images()) {
                if (spec.name().equals(image)) {
                    return new NewRun.Rollback(pipeline, spec, version(spec, tag));
                }
            }
        }
        throw new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE, "no pipeline has an image '" + image + "'");
    }

    private ImageVersion version(ImageSpec spec, String tag) {
        try {
            return RollbackChoice.choose(spec.name(), tag, versions.apply(spec.name()), t -> onEngine.test(spec.ref().withTag(t)));
        } catch (UnavailableVersionException e) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, e.getMessage());
        }
    }
}
