package io.patchrun.batch;

import java.util.List;

import io.patchrun.history.ImageVersion;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;

/** A run to start: a patch run of a pipeline, or the rollback of one of its images to a prior version. */
public sealed interface NewRun {

    Pipeline pipeline();

    /** The images the run is known to touch when it is queued; a patch run finds its own when it plans. */
    List<String> images();

    record Patch(Pipeline pipeline, RunRequest request) implements NewRun {

        @Override
        public List<String> images() {
            return List.of();
        }
    }

    record Rollback(Pipeline pipeline, ImageSpec image, ImageVersion version) implements NewRun {

        @Override
        public List<String> images() {
            return List.of(image.name());
        }
    }
}
