package io.patchrun.batch;

import java.util.List;
import java.util.stream.Collectors;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.Placement;
import io.patchrun.history.RunImage;
import io.patchrun.history.SkippedContainer;
import io.patchrun.rollout.RolloverResult;

/**
 * The results of rolling one image's containers over (or back), sorted for its run record: the containers tried, those
 * of them that did not end on the new version, and those left alone on purpose, which the record names with why (the
 * policy gate's refusals are neither tried nor skipped: the image's message names them).
 */
record Rolled(List<RolloverResult> tried, List<RolloverResult> failed, List<SkippedContainer> skipped) {

    static Rolled of(List<RolloverResult> results) {
        return new Rolled(results.stream().filter(r -> r.status() != RolloverResult.Status.SKIPPED && r.status() != RolloverResult.Status.REFUSED
                        && !r.engineWide()).toList(),
                results.stream().filter(RolloverResult::failed).toList(),
                results.stream().filter(r -> r.status() == RolloverResult.Status.SKIPPED)
                        .map(r -> new SkippedContainer(r.container(), r.message())).toList());
    }

    /** What each of {@code results} says, one after another: {@code web-1: not healthy within 30 s; web-2: ...}. */
    static String describe(List<RolloverResult> results) {
        boolean severalEngines = results.stream().map(RolloverResult::engine).distinct().count() > 1;
        return results.stream().map(r -> r.who(severalEngines) + ": " + r.message()).collect(Collectors.joining("; "));
    }

    /** The image's record: the containers tried, those skipped, and {@code message} with the skipped ones and why added. */
    RunImage record(RunImage image, ImageStatus status, String message) {
        String withSkipped = skipped.isEmpty() ? message
                : message + "; " + skipped.stream().map(s -> s.container() + ": " + s.reason()).collect(Collectors.joining("; "));
        return new RunImage(image.name(), status, image.tag(), image.baseDigest(), image.commit(), image.buildMillis(),
                tried.stream().map(RolloverResult::container).toList(), withSkipped, skipped,
                tried.stream().filter(r -> r.engine() != null).map(r -> new Placement(r.container(), r.engine())).toList());
    }
}
