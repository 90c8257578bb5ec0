package io.patchrun.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A pipeline with where its names stand in the file, for problems that only show across files.
 *
 * @param name       where the pipeline's name is
 * @param imageNames where each image's name is, by image name
 * @param engineUses the engines its images name, with where
 */
record ParsedPipeline(Pipeline pipeline, Located name, Map<String, Located> imageNames, List<EngineUse> engineUses) {

    ParsedPipeline {
        imageNames = Map.copyOf(imageNames);
        engineUses = List.copyOf(engineUses);
    }
}
