package io.patchrun.build;

import java.time.Duration;
import java.util.List;

/**
 * A finished build.
 *
 * @param imageId the engine's full image id ({@code sha256:...})
 * @param log     every line the engine streamed, in order
 * @param took    how long the build took
 */
public record BuildResult(String imageId, List<String> log, Duration took) {

    public BuildResult {
        if (imageId == null || imageId.isBlank()) {
            throw new IllegalArgumentException("a build result needs the image id");
        }
        log = List.copyOf(log);
        if (took == null || took.isNegative()) {
            throw new IllegalArgumentException("a build cannot take " + took);
        }
    }
}
