package io.patchrun.batch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.patchrun.fleet.Fleet;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunImage;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.Plan;
import io.patchrun.run.RunRequest;

/**
 * What one run knows while it goes: handed from step to step of its job, kept in memory, and written to
 * the history as each image changes.
 */
public final class RunState {

    public final long id;
    public final Pipeline pipeline;
    public final RunRequest request;
    public final List<String> pendingBases;
    public final Map<String, RunImage> images = new ConcurrentHashMap<>();
    /** Upstream base reference ({@code familiar()}) -> digest seen at the start of the run. */
    public final Map<String, String> baseDigests = new ConcurrentHashMap<>();
    /** Image -> the image id its new version has. */
    public final Map<String, String> builtIds = new ConcurrentHashMap<>();
    /** For a rollback run: the image and the version it goes back to; {@code null} for a patch run. */
    public volatile RollbackTarget rollback;
    public volatile Fleet fleet;
    public volatile Plan plan;
    public volatile String message;

    public RunState(long id, Pipeline pipeline, RunRequest request, List<String> pendingBases) {
        this.id = id;
        this.pipeline = pipeline;
        this.request = request;
        this.pendingBases = List.copyOf(pendingBases);
    }

    public record RollbackTarget(io.patchrun.pipeline.ImageSpec image, io.patchrun.history.ImageVersion version) {
    }

    /** The short run id used in version tags and labels. */
    public String shortId() {
        return Long.toString(id, 36);
    }

    public long count(ImageStatus status) {
        return images.values().stream().filter(image -> image.status() == status).count();
    }
}
