package io.patchrun.batch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.ReadyVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.plan.Plan;

/**
 * The plan of a run that rolls out the versions ready for the maintenance window: nothing is built; each ready
 * version still kept and not yet current is recorded BUILT, as the run that built it left it, and rolled out.
 * A ready mark that outlived its version (pruned, current already, or of an image the pipeline no longer has)
 * is dropped. A patch run that may roll out now (its window is open, or the pipeline has no window any more)
 * takes the ready versions of the images it does not build along, so they do not wait for an opening that
 * may never come (a pipeline run only by {@code run --once}, a window removed from the file).
 */
@Component
class WindowRollout {

    private static final Logger log = LoggerFactory.getLogger(WindowRollout.class);
    private static final Plan NOTHING_TO_BUILD = new Plan(List.of(), Map.of(), List.of(), List.of());

    private final ReadyVersions ready;
    private final VersionHistory versions;
    private final RunHistory runs;
    private final Clock clock;

    WindowRollout(ReadyVersions ready, VersionHistory versions, RunHistory runs, Clock clock) {
        this.ready = ready;
        this.versions = versions;
        this.runs = runs;
        this.clock = clock;
    }

    /** Plans the run that rolls out the ready versions, and nothing else. */
    void plan(RunState state) {
        state.plan = NOTHING_TO_BUILD;
        state.rollOutOnly = waiting(state, "its containers roll over now, without a new build");
        if (state.rollOutOnly.isEmpty()) {
            state.message = "nothing ready to roll out";
        }
    }

    /** Adds the ready versions of images the planned patch run does not build, when it may roll out now. */
    void takeAlong(RunState state) {
        if (state.pipeline.window() != null && !state.pipeline.window().isOpen(clock.instant())) {
            return;
        }
        List<String> taken = waiting(state, "this run rolls it out, without a new build, as it may roll out now");
        if (!taken.isEmpty()) {
            List<String> along = new ArrayList<>(state.rollOutOnly);
            along.addAll(taken);
            state.rollOutOnly = List.copyOf(along);
            // "Nothing to rebuild" would hide what the run does: its image counts say it.
            state.message = null;
        }
    }

    /** Records each ready version still good to roll out as BUILT and returns their images; drops the marks that are not. */
    private List<String> waiting(RunState state, String what) {
        Set<String> images = state.pipeline.images().stream().map(ImageSpec::name).collect(Collectors.toSet());
        List<String> rollOut = new ArrayList<>();
        for (ReadyVersion waiting : ready.of(state.pipeline.name())) {
            if (state.plan.contains(waiting.image()) || state.rollOutOnly.contains(waiting.image())) {
                continue;
            }
            Optional<ImageVersion> version = versions.version(waiting.image(), waiting.tag()).filter(v -> !v.pruned() && !v.current());
            if (version.isEmpty() || !images.contains(waiting.image())) {
                log.info("Run {}: {} {} is no longer ready to roll out (pruned, current already, or not in pipeline {}); dropped",
                        state.id, waiting.image(), waiting.tag(), state.pipeline.name());
                ready.done(waiting.image());
                continue;
            }
            ImageVersion kept = version.get();
            record(state, new RunImage(kept.image(), ImageStatus.BUILT, kept.tag(), kept.baseDigest(), kept.commit(), null, List.of(),
                    "built and smoke-tested in run " + waiting.runId() + ", ready since " + waiting.since()
                            + "; " + what));
            rollOut.add(kept.image());
        }
        return rollOut;
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }
}
