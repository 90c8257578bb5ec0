package io.patchrun.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.reload.PipelineFolder;

/** What the run page shows of each image of a run: its smoke test's verdict and how each of its containers fared. */
@Component
class RunReport {

    static final String ROLLBACK_TRIGGER = "rollback";
    /** The result shown for a container the run left alone on purpose. */
    static final String SKIPPED = "SKIPPED";

    /** The verdict of an image's smoke test, and the CSS class to show it with. */
    record Smoke(String verdict, String tone) {
    }

    /** The rollover of one container: {@code result} as recorded, or {@code null} while it is going. */
    record Rollover(String container, String result, String message, Instant at) {
    }

    record ImageRow(RunImage image, Smoke smoke, List<Rollover> rollovers) {
    }

    private final PipelineFolder pipelines;
    private final RolloutLog rollouts;

    RunReport(PipelineFolder pipelines, RolloutLog rollouts) {
        this.pipelines = pipelines;
        this.rollouts = rollouts;
    }

    List<ImageRow> images(Run run) {
        Map<String, ImageSpec> specs = pipelines.find(run.pipeline()).map(p -> p.images().stream()
                .collect(Collectors.toMap(ImageSpec::name, Function.identity()))).orElse(Map.of());
        boolean rollback = ROLLBACK_TRIGGER.equals(run.trigger());
        return run.images().stream().map(image -> new ImageRow(image,
                smoke(image, rollback, Optional.ofNullable(specs.get(image.name())).map(spec -> !spec.smoke().isEmpty())),
                rollovers(image))).toList();
    }

    /**
     * A build records its time when it succeeds and the smoke test comes after it, so an image that failed
     * with a build time failed its smoke test; every status past BUILT means it passed.
     *
     * @param hasSmoke whether the pipeline gives the image a smoke test; empty when the pipeline is gone
     */
    static Smoke smoke(RunImage image, boolean rollback, Optional<Boolean> hasSmoke) {
        if (rollback) {
            return new Smoke("not run: a rollback goes back to a version that passed", "muted");
        }
        if (hasSmoke.isPresent() && !hasSmoke.get()) {
            return new Smoke("none configured", "muted");
        }
        boolean built = image.buildMillis() != null;
        return switch (image.status()) {
            case BUILT, DEPLOYED, ROLLED_BACK, READY -> new Smoke("passed", "ok");
            case FAILED -> built ? new Smoke("failed", "bad") : new Smoke("not reached", "muted");
            case PENDING -> built ? new Smoke("running", "active") : new Smoke("not yet", "muted");
            case UNCHANGED, SKIPPED -> new Smoke("not run", "muted");
        };
    }

    /**
     * The rollovers of the image's containers to the version this run deployed, newest record per container, then the
     * containers it left alone, with why.
     */
    private List<Rollover> rollovers(RunImage image) {
        if (image.tag() == null || image.status() == ImageStatus.PENDING && image.containers().isEmpty()) {
            return List.of();
        }
        String target = image.name() + ":" + image.tag();
        List<Rollover> rows = new ArrayList<>(image.containers().stream().map(container -> rollouts.of(container).stream()
                        .filter(entry -> entry.newImage().equals(target) || entry.newImage().endsWith("/" + target))
                        .findFirst()
                        .map(entry -> new Rollover(container, entry.result(), entry.message(), entry.recordedAt()))
                        .orElse(new Rollover(container, null, null, null)))
                .toList());
        image.skipped().forEach(skipped -> rows.add(new Rollover(skipped.container(), SKIPPED, skipped.reason(), null)));
        return rows;
    }
}
