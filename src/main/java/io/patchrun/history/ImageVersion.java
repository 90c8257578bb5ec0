package io.patchrun.history;

import java.time.Instant;

/** One built version of an image; {@code pruned} once its image was removed from the engine. */
public record ImageVersion(String image, String tag, String imageId, String baseDigest, String commit, Instant builtAt,
                           Long runId, boolean current, boolean pruned) {
}
