package io.patchrun.history;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverStep;

/**
 * The rollout journal in the database: each rollover before it changes anything, each step before it is taken,
 * and its end (how and when) after. The rows left without an end are what the next start reads back.
 */
public final class HistoryJournal implements RolloutJournal {

    private final RolloutLog log;
    private final Clock clock;
    private final Long runId;
    /** The instance journaling, {@link RunLeases#instance()}, or {@code null}. */
    private final String instance;
    /** The engine the rollovers are on, {@code null} for the build engine. */
    private final String engine;
    /** The entries this process has open, by record, shared by the journals of all runs. */
    private final Map<RolloutRecord, Long> open;
    /** New containers' ids, written with the next step: until then the new container keeps its temporary name. */
    private final Map<RolloutRecord, String> unwrittenIds;

    public HistoryJournal(RolloutLog log, Clock clock) {
        this(log, clock, null);
    }

    /** A journal whose entries name {@code instance}, so that other instances on the database leave them alone while it lives. */
    public HistoryJournal(RolloutLog log, Clock clock, String instance) {
        this(log, clock, null, instance, null, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    private HistoryJournal(RolloutLog log, Clock clock, Long runId, String instance, String engine, Map<RolloutRecord, Long> open,
                           Map<RolloutRecord, String> unwrittenIds) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runId = runId;
        this.instance = instance;
        this.engine = engine;
        this.open = open;
        this.unwrittenIds = unwrittenIds;
    }

    /** The same journal, recording each rollover as one of run {@code id}'s. */
    public HistoryJournal forRun(long id) {
        return new HistoryJournal(log, clock, id, instance, engine, open, unwrittenIds);
    }

    /** The same journal, recording each rollover as one on engine {@code name}, so that recovery at start knows where it was. */
    public HistoryJournal onEngine(String name) {
        return new HistoryJournal(log, clock, runId, instance, Objects.requireNonNull(name, "name"), open, unwrittenIds);
    }

    /** Whether the entry {@code id} belongs to a rollover of this process that is still going. */
    public boolean openHere(long id) {
        return open.containsValue(id);
    }

    @Override
    public void record(RolloutRecord record) {
        open.put(record, log.before(record.containerId(), record.containerName(), record.image(), record.imageId(), record.newImage(),
                record.newImageId(), record.snapshot().toString(), record.recordedAt(), runId, record.attempt(), RolloverStep.CREATE_NEW.name(), instance,
                engine));
    }

    /**
     * Keeps the id for the next step's write, which comes before the new container leaves its temporary name: one
     * write fewer per rollover, and recovery finds the new container by that name until then.
     */
    @Override
    public void created(RolloutRecord record, String newContainerId) {
        entry(record);
        unwrittenIds.put(record, newContainerId);
    }

    @Override
    public void step(RolloutRecord record, RolloverStep step) {
        long entry = entry(record);
        String newContainerId = unwrittenIds.remove(record);
        if (newContainerId == null) {
            log.step(entry, step.name());
        } else {
            log.step(entry, step.name(), newContainerId);
        }
    }

    @Override
    public void finished(RolloutRecord record, RolloverResult result) {
        unwrittenIds.remove(record);
        Long id = open.remove(record);
        if (id != null) {
            log.ended(id, result.status().name(), result.message(), clock.instant());
        }
    }

    private long entry(RolloutRecord record) {
        Long id = open.get(record);
        if (id == null) {
            throw new IllegalStateException("the rollover of " + record.containerName() + " was never recorded in the rollout journal");
        }
        return id;
    }
}
