package io.patchrun.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.container.EngineUnavailableException;
import io.patchrun.history.HistoryJournal;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunLeases;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;
import io.patchrun.retain.ImageStore;
import io.patchrun.rollout.EngineRollovers;
import io.patchrun.rollout.RolloverRecovery;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverStep;
import io.patchrun.rollout.UnfinishedRollover;
import io.patchrun.time.Pause;

/**
 * Reads the rollout journal for rollovers an earlier process began and never ended, puts each container to rest
 * ({@link RolloverRecovery}), and records what was repaired on the run it belonged to: the run is FAILED, each
 * image says what happened to its containers, and {@code :latest} and the current version follow the containers.
 * Runs at start and again before any run touches a container, so an entry the engine could not be asked about at
 * start is settled before anything else changes.
 */
@Component
class LeftoverRollovers {

    private static final Logger log = LoggerFactory.getLogger(LeftoverRollovers.class);
    private static final int RUN_MESSAGE_ROOM = 3000;
    private static final int IMAGE_MESSAGE_ROOM = 7500;

    private final RolloutLog journalRows;
    private final HistoryJournal journal;
    private final RolloverRecovery recovery;
    private final RunHistory runs;
    private final VersionHistory versions;
    private final ImageStore images;
    private final Clock clock;
    private final RunLeases leases;
    private final EngineRollovers engines;

    LeftoverRollovers(RolloutLog journalRows, HistoryJournal journal, RolloverRecovery recovery, RunHistory runs, VersionHistory versions,
                      ImageStore images, Clock clock, RunLeases leases, EngineRollovers engines) {
        this.leases = leases;
        this.engines = engines;
        this.journalRows = journalRows;
        this.journal = journal;
        this.recovery = recovery;
        this.runs = runs;
        this.versions = versions;
        this.images = images;
        this.clock = clock;
    }

    /** One container put to rest, with the journal entry it came from. */
    record Repair(RolloutLog.Unfinished entry, RolloverResult result) {
    }

    /**
     * Puts every rollover left unfinished by an earlier process to rest, oldest first: one this process does not have
     * open, journaled by this instance, before entries named their instance, or by an instance whose leases expired.
     * What another live instance on a shared database journaled is its own to finish.
     *
     * @return what was repaired
     * @throws EngineUnavailableException when the engine does not answer; the entries not yet settled stay in the
     *                                    journal for the next time, what was settled is recorded
     */
    List<Repair> putToRest() {
        return putToRest(false);
    }

    /** As {@link #putToRest()}, for the rollovers of other instances only: those of instances that died. */
    List<Repair> putToRestOfOthers() {
        return putToRest(true);
    }

    private synchronized List<Repair> putToRest(boolean othersOnly) {
        List<Repair> repairs = new ArrayList<>();
        try {
            for (RolloutLog.Unfinished entry : journalRows.unfinished()) {
                if (journal.openHere(entry.id()) || othersOnly && leases.instance().equals(entry.instance())
                        || !leases.leftOver(entry.instance())) {
                    continue;
                }
                Optional<RolloverRecovery> there = entry.engine() == null || entry.engine().equals(engines.engines().build().name())
                        ? Optional.of(recovery) : engines.recovery(entry.engine(), clock, Pause.sleeping());
                RolloverResult result;
                if (there.isEmpty()) {
                    result = new RolloverResult(entry.containerName(), RolloverResult.Status.FAILED, entry.imageId(), entry.newImageId(), Duration.ZERO,
                            "the rollover of " + entry.containerName() + " on engine " + entry.engine() + " was left unfinished, and no engine is"
                                    + " named " + entry.engine() + " any more: put the container back there by hand (its old container is "
                                    + entry.containerId() + ", the new one is named " + entry.containerName() + "-patchrun-new-" + entry.attempt() + ")");
                } else {
                    try {
                        result = there.get().recover(unfinished(entry));
                    } catch (EngineUnavailableException e) {
                        if (there.get() == recovery) {
                            throw e;
                        }
                        // Another engine that does not answer holds back only its own entries: they stay for the next time.
                        log.warn("The rollover of {} on engine {} left unfinished cannot be put to rest now: {}", entry.containerName(),
                                entry.engine(), e.getMessage());
                        continue;
                    }
                }
                journalRows.ended(entry.id(), result.status().name(), result.message(), clock.instant());
                log.warn("{}", result.message());
                repairs.add(new Repair(entry, result));
            }
        } finally {
            record(repairs);
        }
        return repairs;
    }

    private static UnfinishedRollover unfinished(RolloutLog.Unfinished entry) {
        return new UnfinishedRollover(entry.containerId(), entry.containerName(), entry.attempt(), entry.imageId(), entry.newImageId(),
                step(entry.step()), entry.newContainerId());
    }

    /** A step this version does not know (written by a later one) counts as unknown: the rollover is undone. */
    private static RolloverStep step(String name) {
        if (name == null) {
            return null;
        }
        try {
            return RolloverStep.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void record(List<Repair> repairs) {
        Map<Long, List<Repair>> byRun = new LinkedHashMap<>();
        repairs.stream().filter(repair -> repair.entry().runId() != null)
                .forEach(repair -> byRun.computeIfAbsent(repair.entry().runId(), id -> new ArrayList<>()).add(repair));
        byRun.forEach((id, ofRun) -> {
            try {
                runs.find(id).ifPresent(run -> record(run, ofRun));
            } catch (RuntimeException e) {
                log.error("Recording on run {} what was repaired of the rollovers it left unfinished failed", id, e);
            }
        });
    }

    private void record(Run run, List<Repair> repairs) {
        Map<RunImage, List<Repair>> byImage = new LinkedHashMap<>();
        for (Repair repair : repairs) {
            imageOf(run, repair).ifPresent(image -> byImage.computeIfAbsent(image, i -> new ArrayList<>()).add(repair));
        }
        byImage.forEach((image, ofImage) -> record(run.id(), image, ofImage));
        if (run.status().active()) {
            runs.finished(run.id(), RunStatus.FAILED, UnfinishedRuns.WHY);
        }
        runs.note(run.id(), cap("rollovers it left unfinished were put to rest at the next start: " + repairs.stream()
                .map(repair -> repair.result().container() + " " + outcome(repair.result().status())).collect(Collectors.joining(", ")), RUN_MESSAGE_ROOM));
    }

    private static String outcome(RolloverResult.Status status) {
        return switch (status) {
            case DEPLOYED -> "runs its new version";
            case ROLLED_BACK -> "is back on its old version";
            case FAILED -> "could not be put to rest (see its image)";
            // Recovery finishes rollovers that began, which the labels and the policy gate had let through.
            case SKIPPED, REFUSED -> "was left as it was";
        };
    }

    /** The image's record follows its containers; so do its current version and {@code :latest}. */
    private void record(long runId, RunImage image, List<Repair> repairs) {
        boolean allForward = repairs.stream().allMatch(repair -> repair.result().status() == RolloverResult.Status.DEPLOYED);
        List<String> containers = repairs.stream().map(repair -> repair.result().container()).sorted().toList();
        String message = cap(repairs.stream().map(repair -> repair.result().message()).collect(Collectors.joining("; ")), IMAGE_MESSAGE_ROOM);
        ImageStatus status = allForward ? ImageStatus.DEPLOYED
                : repairs.stream().anyMatch(repair -> repair.result().status() == RolloverResult.Status.FAILED) ? ImageStatus.FAILED
                : ImageStatus.ROLLED_BACK;
        runs.image(runId, new RunImage(image.name(), status, image.tag(), image.baseDigest(), image.commit(), image.buildMillis(), containers,
                message));
        ImageRef latest = ImageRef.parse(image.name()).withTag("latest");
        if (allForward && image.tag() != null) {
            versions.version(image.name(), image.tag()).ifPresent(version -> {
                versions.makeCurrent(image.name(), version.tag());
                images.tag(version.imageId(), latest);
            });
        } else if (!allForward) {
            versions.current(image.name()).ifPresent(version -> images.tag(version.imageId(), latest));
        }
    }

    private static Optional<RunImage> imageOf(Run run, Repair repair) {
        try {
            ImageRef target = ImageRef.parse(repair.entry().newImage());
            return run.images().stream().filter(image -> ImageRef.parse(image.name()).sameName(target)).findFirst();
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    private static String cap(String text, int room) {
        return text.length() <= room ? text : text.substring(0, room) + " …";
    }
}
