package io.patchrun.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.BaseState;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.SignatureHistory;
import io.patchrun.history.VersionHistory;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.schedule.Schedules;

/**
 * What the overview shows of each pipeline. It is read from the history and the engine only, never from
 * Git: a pipeline's bases are those its current image versions were built on, named through the digests
 * the base checks recorded, and those a check marked as changed since its last run.
 */
@Component
class PipelineOverview {

    /**
     * One upstream base of a pipeline; {@code pending} when the pipeline has not been rebuilt on its latest digest;
     * {@code signature} the last signature check of a pipeline with {@code verify:}, or {@code null}.
     */
    record BaseRow(String ref, String digest, Instant checkedAt, Instant changedAt, String problem, boolean pending,
                   SignatureHistory.Checked signature) {
    }

    /** One image of a pipeline: its current version (or {@code null} before its first build) and its containers. */
    record ImageRow(String name, ImageVersion current, String baseRef, RunningContainers.Found containers) {
    }

    record PipelineRow(Pipeline pipeline, List<BaseRow> bases, List<ImageRow> images, Run lastRun, Instant nextRunAt,
                       Instant nextWatchAt) {

        // Public: the templates call it, and SpEL only calls public methods.
        public boolean updatePending() {
            return bases.stream().anyMatch(BaseRow::pending);
        }
    }

    /** A run that is queued or going, with how many of its planned images are done. */
    record RunningRow(Run run, long done, int planned) {
    }

    private final PipelineFolder pipelines;
    private final Schedules schedules;
    private final RunHistory runs;
    private final VersionHistory versions;
    private final BaseHistory bases;
    private final RunningContainers containers;
    private final SignatureHistory signatures;

    PipelineOverview(PipelineFolder pipelines, Schedules schedules, RunHistory runs, VersionHistory versions, BaseHistory bases,
                  RunningContainers containers, SignatureHistory signatures) {
        this.pipelines = pipelines;
        this.schedules = schedules;
        this.runs = runs;
        this.versions = versions;
        this.bases = bases;
        this.containers = containers;
        this.signatures = signatures;
    }

    List<PipelineRow> pipelines() {
        Map<String, BaseState> states = bases.bases().stream().collect(Collectors.toMap(BaseState::ref, Function.identity()));
        return pipelines.list().stream().map(pipeline -> row(pipeline, states)).toList();
    }

    /**
     * The runs queued or going now, read with their images. At most one run of a pipeline is active, and it is the
     * pipeline's latest, so the rows' last runs name them all.
     */
    List<RunningRow> running(List<PipelineRow> rows) {
        return rows.stream().map(PipelineRow::lastRun).filter(run -> run != null && run.status().active())
                .map(run -> runs.find(run.id()).orElse(run))
                .map(run -> new RunningRow(run, run.images().stream().filter(i -> i.status() != ImageStatus.PENDING).count(), run.images().size()))
                .toList();
    }

    private PipelineRow row(Pipeline pipeline, Map<String, BaseState> states) {
        Map<String, List<ImageVersion>> versionsByImage = new LinkedHashMap<>();
        for (ImageSpec image : pipeline.images()) {
            versionsByImage.put(image.name(), versions.versions(image.name()));
        }
        List<ImageVersion> current = versionsByImage.values().stream()
                .map(known -> known.stream().filter(ImageVersion::current).findFirst().orElse(null)).filter(Objects::nonNull).toList();
        Map<String, String> refOfDigest = bases.refsOf(current.stream().map(ImageVersion::baseDigest).filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        List<ImageRow> images = new ArrayList<>();
        versionsByImage.forEach((name, known) -> {
            ImageVersion now = known.stream().filter(ImageVersion::current).findFirst().orElse(null);
            images.add(new ImageRow(name, now, now == null ? null : refOfDigest.get(now.baseDigest()), containers.of(name, known)));
        });
        return new PipelineRow(pipeline, baseRows(pipeline, current, refOfDigest, states), images,
                runs.list(pipeline.name(), null, 0, 1).stream().findFirst().orElse(null),
                schedules.nextRunAt(pipeline.name()).orElse(null), schedules.nextWatchAt(pipeline.name()).orElse(null));
    }

    private List<BaseRow> baseRows(Pipeline pipeline, List<ImageVersion> current, Map<String, String> refOfDigest,
                                   Map<String, BaseState> states) {
        List<String> pending = bases.pending(pipeline.name());
        Map<String, SignatureHistory.Checked> signed = pipeline.verify().enabled() ? signatures.of(pipeline.name()) : Map.of();
        Set<String> refs = new TreeSet<>(refOfDigest.values());
        refs.addAll(pending);
        signed.values().stream().filter(SignatureHistory.Checked::refused).map(SignatureHistory.Checked::ref).forEach(refs::add);
        List<BaseRow> rows = new ArrayList<>();
        for (String ref : refs) {
            BaseState state = states.getOrDefault(ref, new BaseState(ref, null, null, null, null));
            // A current version built on an older digest of this base waits for a rebuild too, even before a check marked it.
            boolean behind = state.digest() != null && current.stream()
                    .anyMatch(v -> ref.equals(refOfDigest.get(v.baseDigest())) && !state.digest().equals(v.baseDigest()));
            rows.add(new BaseRow(ref, state.digest(), state.checkedAt(), state.changedAt(), state.problem(), pending.contains(ref) || behind,
                    signed.get(ref)));
        }
        return rows;
    }
}
