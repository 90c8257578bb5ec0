package io.patchrun.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.patchrun.fleet.Fleet;
import io.patchrun.history.RunImage;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.Plan;
import io.patchrun.rollout.RolloverResult;

/**
 * What one run knows while it goes: handed from step to step of its job, kept in memory, and written to
 * the history as each image changes. Only this package's steps read and change it.
 */
final class RunState {

    final long id;
    final Pipeline pipeline;
    final RunRequest request;
    /** The bases that were pending when the run was queued: those a patch run of "what changed" covers. */
    final List<String> pendingBases;
    /** For a rollback run: the image and the version it goes back to; {@code null} for a patch run. */
    final NewRun.Rollback rollback;
    final Map<String, RunImage> images = new ConcurrentHashMap<>();
    /** Upstream base reference ({@code familiar()}) -> digest seen at the start of the run. */
    final Map<String, String> baseDigests = new ConcurrentHashMap<>();
    /** Image -> the image id its new version has. */
    final Map<String, String> builtIds = new ConcurrentHashMap<>();
    /** Image -> the base digest of its version that was current when the run planned it (for the run's report). */
    final Map<String, String> previousBaseDigests = new ConcurrentHashMap<>();
    /** Image -> how each of its containers' rollovers ended, and how long rolling them over took. */
    final Map<String, Rollovers> rollovers = new ConcurrentHashMap<>();
    volatile Fleet fleet;
    volatile Plan plan;
    volatile String message;

    private RunState(long id, Pipeline pipeline, RunRequest request, List<String> pendingBases, NewRun.Rollback rollback) {
        this.id = id;
        this.pipeline = pipeline;
        this.request = request;
        this.pendingBases = List.copyOf(pendingBases);
        this.rollback = rollback;
    }

    static RunState of(long id, NewRun run, List<String> pendingBases) {
        if (run instanceof NewRun.Rollback rollback) {
            String image = rollback.image().name();
            RunState state = new RunState(id, run.pipeline(), new RunRequest(List.of(image), false), List.of(), rollback);
            state.images.put(image, RunImage.pending(image));
            return state;
        }
        return new RunState(id, run.pipeline(), ((NewRun.Patch) run).request(), pendingBases, null);
    }

    record Rollovers(List<RolloverResult> results, Duration took) {
    }

    /** Whether the run rebuilds what the pending bases affect (or everything), so that it clears them when done. */
    boolean coversPendingBases() {
        return request.images().isEmpty();
    }

    /** The short run id used in version tags and labels. */
    String shortId() {
        return Long.toString(id, 36);
    }
}
