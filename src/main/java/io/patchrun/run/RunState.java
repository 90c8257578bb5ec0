package io.patchrun.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunImage;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.Plan;

/**
 * What one run knows while it goes: handed from step to step of its job, kept in memory, and written to
 * the history as each image changes.
 */
final class RunState {

    final long id;
    final Pipeline pipeline;
    final RunRequest request;
    final List<String> pendingBases;
    final Map<String, RunImage> images = new ConcurrentHashMap<>();
    /** Upstream base reference ({@code familiar()}) -> digest seen at the start of the run. */
    final Map<String, String> baseDigests = new ConcurrentHashMap<>();
    /** Image -> the image id its new version has. */
    final Map<String, String> builtIds = new ConcurrentHashMap<>();
    /** For a rollback run: the image and the version it goes back to; {@code null} for a patch run. */
    volatile RollbackTarget rollback;
    volatile Fleet fleet;
    volatile Plan plan;
    volatile String message;

    RunState(long id, Pipeline pipeline, RunRequest request, List<String> pendingBases) {
        this.id = id;
        this.pipeline = pipeline;
        this.request = request;
        this.pendingBases = List.copyOf(pendingBases);
    }

    record RollbackTarget(io.patchrun.pipeline.ImageSpec image, io.patchrun.history.ImageVersion version) {
    }

    /** The short run id used in version tags and labels. */
    String shortId() {
        return Long.toString(id, 36);
    }

    long count(ImageStatus status) {
        return images.values().stream().filter(image -> image.status() == status).count();
    }
}
