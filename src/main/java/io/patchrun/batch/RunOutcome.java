package io.patchrun.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.plan.UnknownImageException;

/** How a run ended, as its status and one line for the history and the log. */
record RunOutcome(RunStatus status, String message) {

    /**
     * A run whose job went through: SUCCEEDED when no image failed; PARTIAL when some failed and others
     * rolled out; else ROLLED_BACK when an image was rolled back, or FAILED.
     *
     * @param note what the run said of itself ("nothing to rebuild"), or {@code null} to count the images instead
     */
    static RunOutcome completed(Collection<RunImage> images, String note) {
        long good = count(images, ImageStatus.BUILT) + count(images, ImageStatus.DEPLOYED) + count(images, ImageStatus.UNCHANGED)
                + count(images, ImageStatus.READY);
        long rolledBack = count(images, ImageStatus.ROLLED_BACK);
        long bad = count(images, ImageStatus.FAILED) + count(images, ImageStatus.SKIPPED) + rolledBack;
        RunStatus status;
        if (bad == 0) {
            status = RunStatus.SUCCEEDED;
        } else if (good > 0) {
            status = RunStatus.PARTIAL;
        } else {
            status = rolledBack > 0 ? RunStatus.ROLLED_BACK : RunStatus.FAILED;
        }
        return new RunOutcome(status, note != null ? note : counts(images));
    }

    /** A run whose job failed: the first failure in the user's terms (a cycle or an unknown image says it all). */
    static RunOutcome failed(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return new RunOutcome(RunStatus.FAILED, "the run stopped without saying why");
        }
        Throwable first = failures.get(0);
        if (first instanceof DependencyCycleException || first instanceof UnknownImageException) {
            return new RunOutcome(RunStatus.FAILED, first.getMessage());
        }
        return new RunOutcome(RunStatus.FAILED, first.getClass().getSimpleName() + ": " + first.getMessage());
    }

    /** A run whose job could not even be carried out. */
    static RunOutcome notCarriedOut(Exception e) {
        return new RunOutcome(RunStatus.FAILED, "the run could not be carried out: " + e.getMessage());
    }

    /** "2 built, 1 failed": each image status that occurs, in the order of {@link ImageStatus}. */
    private static String counts(Collection<RunImage> images) {
        List<String> parts = new ArrayList<>();
        for (ImageStatus status : ImageStatus.values()) {
            long count = count(images, status);
            if (count > 0) {
                parts.add(count + " " + status.name().toLowerCase().replace('_', ' '));
            }
        }
        return String.join(", ", parts);
    }

    private static long count(Collection<RunImage> images, ImageStatus status) {
        return images.stream().filter(image -> image.status() == status).count();
    }
}
