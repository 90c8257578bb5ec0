package io.patchrun.batch;

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
 * is dropped.
 */
@Component
class WindowRollout {

    private static final Logger log = LoggerFactory.getLogger(WindowRollout.class);
    private static final Plan NOTHING_TO_BUILD = new Plan(List.of(), Map.of(), List.of(), List.of());

    private final ReadyVersions ready;
    private final VersionHistory versions;
    private final RunHistory runs;

    WindowRollout(ReadyVersions ready, VersionHistory versions, RunHistory runs) {
        this.ready = ready;
        this.versions = versions;
        this.runs = runs;
    }

    void plan(RunState state) {
        state.plan = NOTHING_TO_BUILD;
        Set<String> images = state.pipeline.images().stream().map(ImageSpec::name).collect(Collectors.toSet());
        List<String> rollOut = new ArrayList<>();
        for (ReadyVersion waiting : ready.of(state.pipeline.name())) {
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
                            + "; its containers roll over now, without a new build"));
            rollOut.add(kept.image());
        }
        state.rollOutOnly = List.copyOf(rollOut);
        if (rollOut.isEmpty()) {
            state.message = "nothing ready to roll out";
        }
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }
}
