package io.patchrun.batch;

import java.util.List;

import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;

/**
 * A run to start: a patch run of a pipeline, the rollback of one of its images to a prior version, the
 * continuation of a run that did not get through, or the rollout of versions waiting for the maintenance window.
 */
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

    /** @param restoreData whether the containers' volumes get the data snapshot kept with {@code version} */
    record Rollback(Pipeline pipeline, ImageSpec image, ImageVersion version, boolean restoreData) implements NewRun {

        public Rollback(Pipeline pipeline, ImageSpec image, ImageVersion version) {
            this(pipeline, image, version, false);
        }

        @Override
        public List<String> images() {
            return List.of(image.name());
        }
    }

    /**
     * A run that rolls out the versions of {@code pipeline} ready since they passed outside its maintenance window,
     * without building anything.
     *
     * @param images the images with a version ready when the run was asked for
     * @param now    whether it was asked for by hand ("roll out now"), so it rolls out even while the window is closed
     */
    record RollOut(Pipeline pipeline, List<String> images, boolean now) implements NewRun {

        public RollOut {
            images = List.copyOf(images);
        }
    }

    /** A new run that continues {@code previous}, a FAILED or PARTIAL patch run, the latest of its pipeline. */
    record Resume(Pipeline pipeline, Run previous) implements NewRun {

        /** The images of the run it continues that the pipeline still has. */
        @Override
        public List<String> images() {
            List<String> names = pipeline.images().stream().map(ImageSpec::name).toList();
            return previous.images().stream().map(RunImage::name).filter(names::contains).toList();
        }
    }
}
