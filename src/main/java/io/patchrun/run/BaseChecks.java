package io.patchrun.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.Sighting;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.watch.DigestCheck;
import io.patchrun.watch.DigestChecker;

/**
 * Checks the upstream bases of pipelines against their registries, one HEAD per distinct reference per
 * round, records every digest, and marks the pipelines whose bases changed as pending. A pipeline with
 * {@code onBaseChange: run} gets a patch run at once; the others wait for their nightly run. The first
 * sighting of a reference is recorded without a rebuild: there is nothing to compare it with.
 */
@Component
public class BaseChecks {

    private static final Logger log = LoggerFactory.getLogger(BaseChecks.class);

    private final Pipelines pipelines;
    private final FleetReader fleets;
    private final DigestChecker checker;
    private final BaseHistory history;
    private final PatchRuns runs;

    BaseChecks(Pipelines pipelines, FleetReader fleets, DigestChecker checker, BaseHistory history, PatchRuns runs) {
        this.pipelines = pipelines;
        this.fleets = fleets;
        this.checker = checker;
        this.history = history;
        this.runs = runs;
    }

    /** Checks the bases of one pipeline (its watch schedule). */
    public List<String> check(String pipeline) {
        return pipelines.find(pipeline).map(p -> check(List.of(p))).orElseGet(() -> {
            log.warn("Base check of pipeline {} skipped: no such pipeline any more", pipeline);
            return List.of();
        });
    }

    /** Checks the bases of every pipeline; returns the references whose digest changed, sorted. */
    public List<String> checkAll() {
        return check(pipelines.list());
    }

    private List<String> check(Collection<Pipeline> toCheck) {
        Map<Pipeline, Set<ImageRef>> basesByPipeline = new LinkedHashMap<>();
        Set<ImageRef> all = new LinkedHashSet<>();
        for (Pipeline pipeline : toCheck) {
            Set<ImageRef> bases = upstreamBases(pipeline);
            basesByPipeline.put(pipeline, bases);
            all.addAll(bases);
        }
        Set<String> changed = new TreeSet<>();
        for (DigestCheck check : runChecks(all)) {
            String ref = check.ref().familiar();
            if (!check.succeeded()) {
                history.failed(ref, check.error().getMessage());
                log.warn("Base {} could not be checked: {}", ref, check.error().getMessage());
            } else if (history.seen(ref, check.digest().value()) == Sighting.CHANGED) {
                changed.add(ref);
                log.info("Base {} has a new digest {}", ref, check.digest());
            }
        }
        basesByPipeline.forEach((pipeline, bases) -> markPending(pipeline, bases, changed));
        return List.copyOf(changed);
    }

    private void markPending(Pipeline pipeline, Set<ImageRef> bases, Set<String> changed) {
        List<String> mine = bases.stream().map(ImageRef::familiar).filter(changed::contains).sorted().toList();
        if (mine.isEmpty()) {
            return;
        }
        mine.forEach(ref -> history.markPending(pipeline.name(), ref));
        if (pipeline.runOnBaseChange()) {
            runs.onBaseChange(pipeline.name());
        } else {
            log.info("Pipeline {} has an update pending ({}); it is rebuilt at its next patch run", pipeline.name(), mine);
        }
    }

    private Set<ImageRef> upstreamBases(Pipeline pipeline) {
        try {
            return new LinkedHashSet<>(fleets.read(pipeline).graph().planAll().bases());
        } catch (DependencyCycleException e) {
            log.error("Bases of pipeline {} not checked: {}", pipeline.name(), e.getMessage());
            return Set.of();
        }
    }

    private List<DigestCheck> runChecks(Set<ImageRef> refs) {
        try {
            return checker.check(new ArrayList<>(refs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + refs.size() + " base digests", e);
        }
    }
}
