package io.patchrun.batch;

import java.util.List;

/**
 * What a patch run should rebuild.
 *
 * @param images chosen images (and everything built on them), or empty for "what changed since the images were built"
 * @param force  rebuild even when no base changed: every image, or the chosen ones
 */
public record RunRequest(List<String> images, boolean force) {

    /**
     * Neither images nor force: the run checks every base of the pipeline and rebuilds what changed since the
     * images were built, whether or not a base check marked it pending before.
     */
    public static final RunRequest PENDING = new RunRequest(List.of(), false);

    public RunRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
