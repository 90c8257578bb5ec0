package io.patchrun.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.patchrun.fleet.FleetReader;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RunHistory;
import io.patchrun.history.VersionHistory;
import io.patchrun.history.RunImage;
import io.patchrun.image.ImageRef;
import io.patchrun.plan.DependencyGraph;
import io.patchrun.plan.Plan;
import io.patchrun.watch.DigestCheck;
import io.patchrun.watch.DigestChecker;

/**
 * The first step of a patch run: fetch the repositories, plan the affected images (the chosen ones, every
 * one when forced, or those the changed bases affect), and note the digest each upstream base has now.
 */
@Component
class ResolveStep {

    private final FleetReader fleets;
    private final DigestChecker checker;
    private final BaseHistory bases;
    private final RunHistory runs;
    private final VersionHistory versions;

    ResolveStep(FleetReader fleets, DigestChecker checker, BaseHistory bases, RunHistory runs, VersionHistory versions) {
        this.fleets = fleets;
        this.checker = checker;
        this.bases = bases;
        this.runs = runs;
        this.versions = versions;
    }

    void execute(RunState state) throws InterruptedException {
        state.fleet = fleets.read(state.pipeline);
        state.plan = plan(state.fleet.graph(), state);
        // Recording changes is the base checks' job, which marks every pipeline a change affects. A base never
        // seen before is recorded here, though: the images are built on this digest, so it is the one to compare with.
        for (DigestCheck check : checker.check(state.plan.bases())) {
            if (check.succeeded()) {
                state.baseDigests.put(check.ref().familiar(), check.digest().value());
                bases.seenIfUnknown(check.ref().familiar(), check.digest().value());
            }
        }
        for (List<String> level : state.plan.levels()) {
            for (String image : level) {
                versions.current(image).map(ImageVersion::baseDigest).ifPresent(digest -> state.previousBaseDigests.put(image, digest));
                RunImage pending = RunImage.pending(image);
                state.images.put(image, pending);
                runs.image(state.id, pending);
            }
        }
        if (state.plan.isEmpty()) {
            state.message = state.request.images().isEmpty() && !state.request.force()
                    ? "nothing to rebuild: no base of pipeline " + state.pipeline.name() + " changed since its last run"
                    : "nothing to rebuild";
        }
    }

    private static Plan plan(DependencyGraph graph, RunState state) {
        if (!state.request.images().isEmpty()) {
            return graph.planForImages(new HashSet<>(state.request.images()));
        }
        if (state.request.force()) {
            return graph.planAll();
        }
        Set<ImageRef> changed = new HashSet<>();
        List<String> unreadable = new ArrayList<>();
        for (String ref : state.pendingBases) {
            try {
                changed.add(ImageRef.parse(ref));
            } catch (IllegalArgumentException e) {
                unreadable.add(ref);
            }
        }
        if (!unreadable.isEmpty()) {
            throw new IllegalStateException("pending bases that are not image references: " + unreadable);
        }
        return graph.planForChangedBases(changed);
    }
}
