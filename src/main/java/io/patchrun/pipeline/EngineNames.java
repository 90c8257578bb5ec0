package io.patchrun.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engines configured, for checking the {@code engines:} of pipeline files against them.
 *
 * @param all   every engine's name, in configuration order
 * @param build the name of the one that builds
 */
public record EngineNames(List<String> all, String build) {

    public EngineNames {
        all = List.copyOf(all);
        Objects.requireNonNull(build, "build");
        if (!all.contains(build)) {
            throw new IllegalArgumentException("the build engine " + build + " is not among the engines " + all);
        }
    }

    /** What is wrong with the engines {@code parsed}'s images name: unknown names, and other engines without {@code pushTo}. */
    List<PipelineError> check(ParsedPipeline parsed) {
        List<PipelineError> errors = new ArrayList<>();
        Pipeline pipeline = parsed.pipeline();
        for (EngineUse use : parsed.engineUses()) {
            Located where = use.where();
            if (!all.contains(use.engine())) {
                errors.add(new PipelineError(pipeline.file(), where.line(), where.column(), where.field(), "no engine is named '" + use.engine()
                        + "'; the configured engines are " + String.join(", ", all) + " (patchrun.engines)"));
            } else if (!use.engine().equals(build) && pipeline.pushTo() == null) {
                errors.add(new PipelineError(pipeline.file(), where.line(), where.column(), where.field(), "image " + use.image()
                        + " deploys to engine " + use.engine() + ", which pulls what engine " + build + " builds from a registry:"
                        + " give the pipeline pushTo (a registry every engine can pull from)"));
            }
        }
        return errors;
    }
}
