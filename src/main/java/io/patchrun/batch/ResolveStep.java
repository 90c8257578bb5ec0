package io.patchrun.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.fleet.FleetReader;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RunBase;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.plan.DependencyGraph;
import io.patchrun.plan.Plan;
import io.patchrun.watch.DigestCheck;
import io.patchrun.watch.DigestChecker;

/**
 * The first step of a patch run: fetch the repositories and plan the images to build. A run given images
 * plans those, a forced one every image, a resumed one what the run it continues left undone; a run given
 * neither checks every base of the pipeline first and plans what changed since the images were built. A run that
 * rolls out the versions ready for the maintenance window plans no build ({@link WindowRollout}).
 * Every run records the digests it checked, and each planned image with the commit it is built from and why.
 */
@Component
class ResolveStep {

    private final FleetReader fleets;
    private final DigestChecker checker;
    private final BaseHistory bases;
    private final RunHistory runs;
    private final VersionHistory versions;
    private final ChangedImages changes;
    private final Resumption resumption;
    private final SignedBases signedBases;
    private final WindowRollout windowRollout;

    ResolveStep(FleetReader fleets, DigestChecker checker, BaseHistory bases, RunHistory runs, VersionHistory versions,
                ChangedImages changes, Resumption resumption, SignedBases signedBases, WindowRollout windowRollout) {
        this.fleets = fleets;
        this.checker = checker;
        this.bases = bases;
        this.runs = runs;
        this.versions = versions;
        this.changes = changes;
        this.resumption = resumption;
        this.signedBases = signedBases;
        this.windowRollout = windowRollout;
    }

    void execute(RunState state) throws InterruptedException {
        if (state.readyRollout != null) {
            // Builds nothing, so it needs neither the repositories nor the registries.
            windowRollout.plan(state);
            return;
        }
        state.fleet = fleets.read(state.pipeline);
        Map<String, String> why;
        if (state.plansWhatChanged()) {
            why = changes.plan(state);
        } else {
            why = state.resume != null ? resumption.plan(state) : chosen(state);
            checkPlannedBases(state);
        }
        signedBases.check(state);
        for (List<String> level : state.plan.levels()) {
            for (String image : level) {
                versions.current(image).map(ImageVersion::baseDigest).ifPresent(digest -> state.previousBaseDigests.put(image, digest));
                CheckedOutImage source = state.fleet.image(image);
                RunImage pending = new RunImage(image, ImageStatus.PENDING, null, null,
                        source.revision() == null ? null : source.revision().commit(), null, List.of(), reason(state.plan, why, image));
                state.images.put(image, pending);
                runs.image(state.id, pending);
            }
        }
        if (state.resume == null) {
            windowRollout.takeAlong(state);
        }
        if (state.plan.isEmpty() && state.rollOutOnly.isEmpty() && !state.plansWhatChanged()) {
            state.message = "nothing to rebuild";
        }
    }

    private static Map<String, String> chosen(RunState state) {
        DependencyGraph graph = state.fleet.graph();
        state.plan = state.request.images().isEmpty() ? graph.planAll() : graph.planForImages(new HashSet<>(state.request.images()));
        return Map.of();
    }

    /**
     * Why an image is planned: its own reason, or the planned images it is built on. A forced run, or one
     * given its images, has no reasons: it builds what it was asked to.
     */
    private static String reason(Plan plan, Map<String, String> why, String image) {
        if (why.isEmpty() || why.containsKey(image)) {
            return why.get(image);
        }
        List<String> parents = plan.parents(image);
        return parents.isEmpty() ? null : "built on " + String.join(", ", parents) + ", which this run builds";
    }

    /**
     * Reads the digest of every upstream base the plan builds on. Recording changes is the base checks' job,
     * which marks every pipeline a change affects. A base never seen before is recorded here, though: the
     * images are built on this digest, so it is the one to compare with.
     */
    private void checkPlannedBases(RunState state) throws InterruptedException {
        List<RunBase> checked = new ArrayList<>();
        for (DigestCheck check : checker.check(state.plan.bases())) {
            String ref = check.ref().familiar();
            if (check.succeeded()) {
                state.baseDigests.put(ref, check.digest().value());
                bases.seenIfUnknown(ref, check.digest().value());
                checked.add(new RunBase(ref, check.digest().value(), null));
            } else {
                checked.add(new RunBase(ref, null, check.error().getMessage()));
            }
        }
        runs.checkedBases(state.id, checked);
    }
}
