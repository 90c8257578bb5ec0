package io.patchrun.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.fleet.Fleet;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RunBase;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.DigestCheck;
import io.patchrun.watch.DigestChecker;

/**
 * The plan of a run given no images and not forced, the nightly run's: check every upstream base of the
 * pipeline (one HEAD per reference), record what the check found as any base check would, and plan the
 * images that changed since they were built ({@link StaleImages}) with everything built on them. Every
 * other image is recorded UNCHANGED, on the version it stays on; one that uses a base that could not be
 * checked is recorded FAILED, since nothing can say whether it is up to date.
 */
@Component
class ChangedImages {

    private final DigestChecker checker;
    private final BaseSightings sightings;
    private final BaseHistory bases;
    private final VersionHistory versions;
    private final RunHistory runs;
    private final ReadyVersions ready;

    ChangedImages(DigestChecker checker, BaseSightings sightings, BaseHistory bases, VersionHistory versions, RunHistory runs,
                  ReadyVersions ready) {
        this.checker = checker;
        this.sightings = sightings;
        this.bases = bases;
        this.versions = versions;
        this.runs = runs;
        this.ready = ready;
    }

    /** Sets the run's plan; returns why each image that changed is planned. */
    Map<String, String> plan(RunState state) throws InterruptedException {
        Fleet fleet = state.fleet;
        List<DigestCheck> checks = checker.check(fleet.graph().planAll().bases());
        state.pendingBases.addAll(sightings.markPending(fleet, sightings.record(checks)));
        Map<String, String> problems = new TreeMap<>();
        List<RunBase> checked = new ArrayList<>();
        for (DigestCheck check : checks) {
            String ref = check.ref().familiar();
            if (check.succeeded()) {
                state.baseDigests.put(ref, check.digest().value());
                checked.add(new RunBase(ref, check.digest().value(), null));
            } else {
                problems.put(ref, check.error().getMessage());
                checked.add(new RunBase(ref, null, check.error().getMessage()));
            }
        }
        runs.checkedBases(state.id, checked);
        Map<String, String> stale = StaleImages.of(fleet, this::newestPassed, state.baseDigests, bases::firstSeen);
        state.plan = fleet.graph().planForImages(stale.keySet());
        fleet.images().values().stream().map(CheckedOutImage::name).sorted().filter(name -> !state.plan.contains(name))
                .forEach(name -> record(state, notPlanned(fleet.image(name), problems)));
        if (state.plan.isEmpty() && problems.isEmpty()) {
            state.message = "nothing to rebuild: every image is built on the digests its bases have now";
        }
        return stale;
    }

    /**
     * The version an image's staleness is judged by: the one ready for the maintenance window, when one waits (it
     * is built on the newer digests, and building it again until the window opens would gain nothing), else the
     * current one.
     */
    private Optional<ImageVersion> newestPassed(String image) {
        return ready.find(image).flatMap(waiting -> versions.version(image, waiting.tag())).filter(version -> !version.pruned())
                .or(() -> versions.current(image));
    }

    private RunImage notPlanned(CheckedOutImage image, Map<String, String> problems) {
        Optional<ImageVersion> current = versions.current(image.name());
        String tag = current.map(ImageVersion::tag).orElse(null);
        String baseDigest = current.map(ImageVersion::baseDigest).orElse(null);
        String commit = current.map(ImageVersion::commit).orElse(null);
        for (ImageRef base : image.bases()) {
            String problem = problems.get(base.familiar());
            if (problem != null && !base.pinned()) {
                return new RunImage(image.name(), ImageStatus.FAILED, tag, baseDigest, commit, null, List.of(),
                        "base " + base.familiar() + " could not be checked, so whether " + image.name() + " is up to date is unknown: " + problem);
            }
        }
        return new RunImage(image.name(), ImageStatus.UNCHANGED, tag, baseDigest, commit, null, List.of(),
                "built on the digests its bases have now; stays on " + tag);
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }
}
