package io.patchrun.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.fleet.Fleet;
import io.patchrun.fleet.FleetReader;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Sighting;
import io.patchrun.history.VersionHistory;
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
    private final BaseHistory history;
    private final PatchRuns runs;
    private final VersionHistory versions;
    private final Notifier notifier;

    BaseChecks(PipelineFolder pipelines, FleetReader fleets, DigestChecker checker, BaseHistory history, PatchRuns runs,
               VersionHistory versions, Notifier notifier) {
        this.notifier = notifier;
        this.pipelines = pipelines;
        this.fleets = fleets;
        this.checker = checker;
        this.history = history;
        this.runs = runs;
        this.versions = versions;
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
        Map<String, String> changed = new TreeMap<>();
        for (DigestCheck check : runChecks(all)) {
            String ref = check.ref().familiar();
            if (!check.succeeded()) {
                history.failed(ref, check.error().getMessage());
                log.warn("Base {} could not be checked: {}", ref, check.error().getMessage());
            } else if (history.seen(ref, check.digest().value()) == Sighting.CHANGED) {
                changed.put(ref, check.digest().value());
                log.info("Base {} has a new digest {}", ref, check.digest());
            }
        }
        fleets.forEach(fleet -> markPending(fleet, changed));
        return List.copyOf(changed.keySet());
    }

    /**
     * Marks the pipeline pending for each changed base that one of its images is not yet built on. An image
     * whose current version was built on the new digest already (a forced run got there first) needs nothing.
     */
    private void markPending(Fleet fleet, Map<String, String> changed) {
        Set<String> stale = new TreeSet<>();
        for (CheckedOutImage image : fleet.images().values()) {
            for (ImageRef base : image.bases()) {
                String ref = base.familiar();
                if (changed.containsKey(ref) && !builtOn(image, base, changed.get(ref))) {
                    stale.add(ref);
                }
            }
        }
        Pipeline pipeline = fleet.pipeline();
        if (stale.isEmpty()) {
            return;
        }
        stale.forEach(ref -> history.markPending(pipeline.name(), ref));
        notifier.updatePending(pipeline.name(), pipeline.notifications(), List.copyOf(stale));
        if (pipeline.runOnBaseChange()) {
            runs.onBaseChange(pipeline.name());
        } else {
            log.info("Pipeline {} has an update pending ({}); it is rebuilt at its next patch run", pipeline.name(), stale);
        }
    }

    /** Whether the image's current version was built with {@code base} at {@code digest} as its final base. */
    private boolean builtOn(CheckedOutImage image, ImageRef base, String digest) {
        return base.equals(image.finalBase()) && versions.current(image.name())
                .map(ImageVersion::baseDigest).filter(digest::equals).isPresent();
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
