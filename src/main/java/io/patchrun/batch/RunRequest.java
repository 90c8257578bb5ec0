package io.patchrun.batch;

import java.util.List;

/**
 * What a patch run should rebuild.
 *
 * @param images chosen images (and everything built on them), or empty for "what the changed bases affect"
 * @param force  rebuild even when no base changed: every image, or the chosen ones
 */
public record RunRequest(List<String> images, boolean force) {

    public static final RunRequest PENDING = new RunRequest(List.of(), false);

    public RunRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
