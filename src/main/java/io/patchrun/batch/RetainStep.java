package io.patchrun.batch;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.ReadyVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.image.ImageRef;
import io.patchrun.history.VersionHistory;
import io.patchrun.retain.Pruning;
import io.patchrun.retain.Retention;
import io.patchrun.rollout.VolumeSnapshots;

/**
 * After a run, keeps each touched image's current version, the version ready for the maintenance window, and
 * {@code retain} others; prunes the rest, with the volume snapshots kept with them. A version a container still uses is
 * kept, and so are its snapshots.
 */
@Component
class RetainStep {

    private static final Logger log = LoggerFactory.getLogger(RetainStep.class);

    private final Retention retention;
    private final VersionHistory versions;
    private final ReadyVersions ready;
    private final VolumeSnapshots snapshots;

    private final Engines engines;

    RetainStep(Retention retention, VersionHistory versions, ReadyVersions ready, VolumeSnapshots snapshots, Engines engines) {
        this.engines = engines;
        this.retention = retention;
        this.versions = versions;
        this.ready = ready;
        this.snapshots = snapshots;
    }

    void execute(RunState state) {
        for (String name : state.images.keySet()) {
            List<ImageVersion> known = versions.versions(name).stream().filter(v -> !v.pruned()).toList();
            String current = known.stream().filter(ImageVersion::current).map(ImageVersion::tag).findFirst().orElse(null);
            String waiting = ready.find(name).map(ReadyVersion::tag).orElse(null);
            Pruning pruning = retention.prune(name, known.stream().map(ImageVersion::tag).toList(), current, waiting, state.pipeline.retain());
            pruning.pruned().forEach(tag -> versions.pruned(name, tag));
            known.stream().filter(version -> pruning.pruned().contains(version.tag()))
                    .forEach(version -> pruneSnapshots(state, name, version));
            if (!pruning.pruned().isEmpty() || !pruning.inUse().isEmpty()) {
                log.info("Run {}: {} keeps {}, pruned {}, kept in use by a container {}", state.id, name, pruning.kept(),
                        pruning.pruned(), pruning.inUse());
            }
            pruneOnOtherEngines(state, name, known, current, waiting);
        }
    }

    /**
     * The other engines the image deploys to keep the same versions by the same rule; each keeps what its own containers
     * use. A version one of them still has that the build engine pruned can be pulled again for a rollback.
     */
    private void pruneOnOtherEngines(RunState state, String name, List<ImageVersion> known, String current, String waiting) {
        List<String> names = state.pipeline.images().stream().filter(spec -> spec.name().equals(name)).findFirst()
                .map(spec -> spec.engines()).orElse(List.of());
        for (String other : names) {
            Engine engine = engines.find(other).orElse(null);
            if (engine == null || engine.build()) {
                continue;
            }
            try {
                Pruning there = new Retention(engine.images()).prune(name, known.stream().map(ImageVersion::tag).toList(), current, waiting,
                        state.pipeline.retain());
                if (!there.pruned().isEmpty()) {
                    log.info("Run {}: {} on {} pruned {}", state.id, name, engine.describe(), there.pruned());
                }
            } catch (RuntimeException e) {
                log.warn("Run {}: {} keeps its old versions on {} until its next run: {}", state.id, name, engine.describe(), e.getMessage());
            }
        }
    }

    private void pruneSnapshots(RunState state, String name, ImageVersion version) {
        try {
            snapshots.prune(ImageRef.parse(name).familiarName(), version.imageId());
        } catch (RuntimeException e) {
            log.warn("Run {}: the volume snapshots of {}:{} stay: {}", state.id, name, version.tag(), e.getMessage());
        }
    }
}
