package io.patchrun.batch;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RunImage;

/**
 * What a resumed run does with each image of the run it continues. An image passed when the run recorded
 * it BUILT, DEPLOYED, UNCHANGED or READY and its version is still recorded and kept: it is carried over as it is
 * when that version is current, and only rolled out when it is not (the run stopped after its smoke test,
 * before its containers were done). Every other image is built again: FAILED, SKIPPED, ROLLED_BACK, still
 * PENDING, or BUILT without a version (stopped during its smoke test). Images the pipeline no longer has
 * are left out.
 *
 * @param carried  passed and current: not touched again, by name
 * @param rollOut  built and smoke-tested, not yet current: rolled out without a build, by name
 * @param rebuild  built again (with everything built on them), sorted
 * @param gone     images of the run the pipeline no longer has, sorted
 */
record ResumePlan(Map<String, RunImage> carried, Map<String, RunImage> rollOut, Set<String> rebuild, Set<String> gone) {

    private static final Set<ImageStatus> PASSED = EnumSet.of(ImageStatus.BUILT, ImageStatus.DEPLOYED, ImageStatus.UNCHANGED,
            ImageStatus.READY);

    ResumePlan {
        carried = Map.copyOf(carried);
        rollOut = Map.copyOf(rollOut);
        rebuild = Set.copyOf(rebuild);
        gone = Set.copyOf(gone);
    }

    /**
     * @param previous the images of the run to continue, as recorded
     * @param inFleet  the images the pipeline has now
     * @param version  an image's version by tag, as recorded
     */
    static ResumePlan of(List<RunImage> previous, Set<String> inFleet, BiFunction<String, String, Optional<ImageVersion>> version) {
        Map<String, RunImage> carried = new TreeMap<>();
        Map<String, RunImage> rollOut = new TreeMap<>();
        Set<String> rebuild = new TreeSet<>();
        Set<String> gone = new TreeSet<>();
        for (RunImage image : previous) {
            if (!inFleet.contains(image.name())) {
                gone.add(image.name());
                continue;
            }
            Optional<ImageVersion> kept = PASSED.contains(image.status()) && image.tag() != null
                    ? version.apply(image.name(), image.tag()).filter(v -> !v.pruned())
                    : Optional.empty();
            if (kept.isEmpty()) {
                rebuild.add(image.name());
            } else if (kept.get().current()) {
                carried.put(image.name(), image);
            } else {
                rollOut.put(image.name(), image);
            }
        }
        return new ResumePlan(carried, rollOut, rebuild, gone);
    }

    /** This plan with {@code names} built again after all, because an image they are built on is. */
    ResumePlan rebuilding(Set<String> names) {
        Map<String, RunImage> stillCarried = new TreeMap<>(carried);
        Map<String, RunImage> stillRolledOut = new TreeMap<>(rollOut);
        stillCarried.keySet().removeAll(names);
        stillRolledOut.keySet().removeAll(names);
        Set<String> all = new TreeSet<>(rebuild);
        all.addAll(names);
        return new ResumePlan(stillCarried, stillRolledOut, all, gone);
    }
}
