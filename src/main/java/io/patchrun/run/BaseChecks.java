package io.patchrun.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.batch.BaseSightings;
import io.patchrun.fleet.Fleet;
import io.patchrun.fleet.FleetReader;
import io.patchrun.image.ImageRef;
import io.patchrun.notify.Notifier;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.reload.PipelineFolder;
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

    private final PipelineFolder pipelines;
    private final FleetReader fleets;
    private final DigestChecker checker;
    private final BaseSightings sightings;
    private final PatchRuns runs;
    private final Notifier notifier;

    BaseChecks(PipelineFolder pipelines, FleetReader fleets, DigestChecker checker, BaseSightings sightings, PatchRuns runs,
               Notifier notifier) {
        this.notifier = notifier;
        this.pipelines = pipelines;
        this.fleets = fleets;
        this.checker = checker;
        this.sightings = sightings;
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
        List<Fleet> fleets = new ArrayList<>();
        Set<ImageRef> all = new LinkedHashSet<>();
        for (Pipeline pipeline : toCheck) {
            read(pipeline).ifPresent(fleet -> {
                fleets.add(fleet);
                all.addAll(fleet.graph().planAll().bases());
            });
        }
        Map<String, String> changed = sightings.record(runChecks(all));
        fleets.forEach(fleet -> startOrWait(fleet.pipeline(), sightings.markPending(fleet, changed)));
        return List.copyOf(changed.keySet());
    }

    private void startOrWait(Pipeline pipeline, Set<String> pending) {
        if (pending.isEmpty()) {
            return;
        }
        notifier.updatePending(pipeline.name(), pipeline.notifications(), List.copyOf(pending));
        if (pipeline.runOnBaseChange()) {
            runs.onBaseChange(pipeline.name());
        } else {
            log.info("Pipeline {} has an update pending ({}); it is rebuilt at its next patch run", pipeline.name(), pending);
        }
    }

    private Optional<Fleet> read(Pipeline pipeline) {
        try {
            return Optional.of(fleets.read(pipeline));
        } catch (DependencyCycleException e) {
            log.error("Bases of pipeline {} not checked: {}", pipeline.name(), e.getMessage());
            return Optional.empty();
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
