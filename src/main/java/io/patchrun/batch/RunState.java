package io.patchrun.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.patchrun.fleet.Fleet;
import io.patchrun.history.RunImage;
import io.patchrun.pipeline.ImageSpec;
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
    /**
     * The bases the pipeline is marked pending for: those marked when the run was queued, and those its
     * own check marks. A run of "what changed" (or a forced one) clears those it has dealt with.
     */
    final Set<String> pendingBases = ConcurrentHashMap.newKeySet();
    /** For a rollback run: the image and the version it goes back to; {@code null} otherwise. */
    final NewRun.Rollback rollback;
    /** For a resumed run: the run it continues; {@code null} otherwise. */
    final NewRun.Resume resume;
    /** For a run that rolls out the versions ready for the maintenance window: which; {@code null} otherwise. */
    final NewRun.RollOut readyRollout;
    final Map<String, RunImage> images = new ConcurrentHashMap<>();
    /** Upstream base reference ({@code familiar()}) -> digest seen at the start of the run. */
    final Map<String, String> baseDigests = new ConcurrentHashMap<>();
    /**
     * Upstream base reference ({@code familiar()}) -> the digest whose signature passed the pipeline's {@code verify:}
     * check; builds on it are pinned to exactly that digest.
     */
    final Map<String, String> verifiedBases = new ConcurrentHashMap<>();
    /** Image -> the image id its new version has. */
    final Map<String, String> builtIds = new ConcurrentHashMap<>();
    /** The digest the registry gave each version this run pushed, by {@code name:tag}: what the other engines pull. */
    final Map<String, String> pushedDigests = new ConcurrentHashMap<>();
    /** Image -> the base digest of its version that was current when the run planned it (for the run's report). */
    final Map<String, String> previousBaseDigests = new ConcurrentHashMap<>();
    /** Image -> how each of its containers' rollovers ended, and how long rolling them over took. */
    final Map<String, Rollovers> rollovers = new ConcurrentHashMap<>();
    /** Images of the plan that must not be built, with why: each fails, and what is built on it is skipped. */
    final Map<String, String> refused = new ConcurrentHashMap<>();
    /** Images built and smoke-tested by the run a resume continues, whose containers still roll over. */
    volatile List<String> rollOutOnly = List.of();
    volatile Fleet fleet;
    volatile Plan plan;
    volatile String message;

    private RunState(long id, Pipeline pipeline, RunRequest request, List<String> pendingBases, NewRun.Rollback rollback,
                     NewRun.Resume resume) {
        this(id, pipeline, request, pendingBases, rollback, resume, null);
    }

    private RunState(long id, Pipeline pipeline, RunRequest request, List<String> pendingBases, NewRun.Rollback rollback,
                     NewRun.Resume resume, NewRun.RollOut readyRollout) {
        this.id = id;
        this.pipeline = pipeline;
        this.request = request;
        this.pendingBases.addAll(pendingBases);
        this.rollback = rollback;
        this.resume = resume;
        this.readyRollout = readyRollout;
    }

    static RunState of(long id, NewRun run, List<String> pendingBases) {
        if (run instanceof NewRun.Rollback rollback) {
            String image = rollback.image().name();
            RunState state = new RunState(id, run.pipeline(), new RunRequest(List.of(image), false), List.of(), rollback, null);
            state.images.put(image, RunImage.pending(image));
            return state;
        }
        if (run instanceof NewRun.RollOut rollOut) {
            return new RunState(id, run.pipeline(), new RunRequest(rollOut.images(), false), List.of(), null, null, rollOut);
        }
        if (run instanceof NewRun.Resume resume) {
            return new RunState(id, run.pipeline(), new RunRequest(run.images(), false), List.of(), null, resume);
        }
        return new RunState(id, run.pipeline(), ((NewRun.Patch) run).request(), pendingBases, null, null);
    }

    record Rollovers(List<RolloverResult> results, Duration took) {
    }

    /** Whether the run rebuilds what changed (or everything), so that it clears the pending marks it dealt with. */
    boolean coversPendingBases() {
        return rollback == null && resume == null && readyRollout == null && request.images().isEmpty();
    }

    /** Whether a closed maintenance window holds this run's rollouts back: not when it was asked to roll out now. */
    boolean heldByWindow() {
        return pipeline.window() != null && (readyRollout == null || !readyRollout.now());
    }

    /** The pipeline's own specification of image {@code name}. */
    ImageSpec spec(String name) {
        return pipeline.images().stream().filter(image -> image.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pipeline " + pipeline.name() + " has no image " + name));
    }

    /** Whether the run checks the pipeline's bases itself and rebuilds what changed since the images were built. */
    boolean plansWhatChanged() {
        return coversPendingBases() && !request.force();
    }

    /** The short run id used in version tags and labels. */
    String shortId() {
        return Long.toString(id, 36);
    }
}
