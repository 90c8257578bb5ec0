package io.patchrun.smoke;

import java.util.Map;
import java.util.Objects;

import io.patchrun.pipeline.SmokeSpec;

/**
 * One smoke test.
 *
 * @param image   the image's name ({@code demo/web}), for messages and the {@link SmokeRunner#LABEL} label
 * @param imageId the image to start ({@code sha256:...} or a reference the engine has)
 * @param spec    the checks
 * @param labels  extra labels for the container
 */
public record SmokeRequest(String image, String imageId, SmokeSpec spec, Map<String, String> labels) {

    public SmokeRequest {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("a smoke test needs the image's name");
        }
        if (imageId == null || imageId.isBlank()) {
            throw new IllegalArgumentException("the smoke test of " + image + " needs the image id to start");
        }
        Objects.requireNonNull(spec, () -> "the smoke test of " + image + " needs its checks");
        labels = Map.copyOf(labels == null ? Map.of() : labels);
    }
}
