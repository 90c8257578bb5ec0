package io.patchrun.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A rollout journal in memory that also writes its calls to the engine's event list, to check their order. */
final class MemoryJournal implements RolloutJournal {

    private final FakeEngine engine;
    private final List<RolloutRecord> records = new ArrayList<>();
    private final Map<RolloutRecord, RolloverResult> outcomes = new ConcurrentHashMap<>();

    MemoryJournal(FakeEngine engine) {
        this.engine = engine;
    }

    @Override
    public synchronized void record(RolloutRecord record) {
        engine.event("journal " + record.containerName());
        records.add(record);
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
}
