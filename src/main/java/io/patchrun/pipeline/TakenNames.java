package io.patchrun.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipeline and image names taken by the files read so far. A container belongs to the pipeline whose
 * image it runs, so an image in two pipelines would be rolled over by both.
 */
final class TakenNames {

    private final Map<String, Pipeline> pipelineNames = new HashMap<>();
    private final Map<String, Pipeline> imageNames = new HashMap<>();

    /**
     * Takes the names of {@code parsed} when none is taken yet.
     *
     * @return why the pipeline cannot be used, empty when its names are now taken
     */
    List<PipelineError> claim(ParsedPipeline parsed) {
        Pipeline pipeline = parsed.pipeline();
        List<PipelineError> errors = new ArrayList<>();
        Pipeline sameName = pipelineNames.get(pipeline.name());
        if (sameName != null) {
            errors.add(error(pipeline.file(), parsed.name(), "pipeline name '" + pipeline.name()
                    + "' is already used by " + sameName.file() + "; names must be unique in the folder"));
        }
        for (ImageSpec image : pipeline.images()) {
            Pipeline owner = imageNames.get(image.ref().name());
            if (owner != null) {
                errors.add(error(pipeline.file(), parsed.imageNames().get(image.name()), "image " + image.name()
                        + " already belongs to pipeline '" + owner.name() + "' (" + owner.file()
                        + "); a container can only belong to one pipeline"));
            }
        }
        if (errors.isEmpty()) {
            pipelineNames.put(pipeline.name(), pipeline);
            pipeline.images().forEach(image -> imageNames.put(image.ref().name(), pipeline));
        }
        return errors;
    }

    private static PipelineError error(Path file, Located where, String message) {
        return new PipelineError(file, where.line(), where.column(), where.field(), message);
    }
}
