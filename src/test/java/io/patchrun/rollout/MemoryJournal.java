package io.patchrun.rollout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rollout journal in memory that also writes its calls to the engine's event list, to check their order. It can
 * stand for a process that dies: {@link #crashAt} makes it throw {@link Crash} right after writing a step, before
 * the step is taken, and the rollovers it holds unfinished are what the next start would read.
 */
class MemoryJournal implements RolloutJournal {

    /** The process died here: nothing after this runs, not even a rollback. */
    static final class Crash extends Error {
        Crash(String message) {
            super(message);
        }
    }

    private final FakeEngine engine;
    private final List<RolloutRecord> records = new ArrayList<>();
    private final Map<RolloutRecord, RolloverResult> outcomes = new ConcurrentHashMap<>();
    private final Map<RolloutRecord, RolloverStep> steps = new ConcurrentHashMap<>();
    private final Map<RolloutRecord, String> newIds = new ConcurrentHashMap<>();
    private final Set<RolloverStep> crashAt = EnumSet.noneOf(RolloverStep.class);

    MemoryJournal(FakeEngine engine) {
        this.engine = engine;
    }

    /** Dies right after writing {@code step}, before it is taken. */
    synchronized MemoryJournal crashAt(RolloverStep step) {
        crashAt.add(step);
        return this;
    }

    @Override
    public synchronized void record(RolloutRecord record) {
        engine.event("journal " + record.containerName());
        records.add(record);
        written(record, RolloverStep.CREATE_NEW);
    }

    @Override
    public synchronized void created(RolloutRecord record, String newContainerId) {
        newIds.put(record, newContainerId);
    }

    @Override
    public synchronized void step(RolloutRecord record, RolloverStep step) {
        engine.event("journal " + record.containerName() + " " + step);
        written(record, step);
    }

    private void written(RolloutRecord record, RolloverStep step) {
        steps.put(record, step);
        if (crashAt.contains(step)) {
            throw new Crash("died after writing " + step + " for " + record.containerName());
        }
    }

    @Override
    public void finished(RolloutRecord record, RolloverResult result) {
        outcomes.put(record, result);
    }

    synchronized List<RolloutRecord> records() {
        return List.copyOf(records);
    }

    RolloverResult outcome(RolloutRecord record) {
        return outcomes.get(record);
    }

    /** The rollovers begun and never ended, as the next start reads them, oldest first. */
    synchronized List<UnfinishedRollover> unfinished() {
        return records.stream().filter(record -> !outcomes.containsKey(record))
                .map(record -> new UnfinishedRollover(record.containerId(), record.containerName(), record.attempt(), record.imageId(),
                        record.newImageId(), steps.get(record), newIds.get(record)))
                .toList();
    }
}
