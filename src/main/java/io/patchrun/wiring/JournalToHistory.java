package io.patchrun.wiring;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.patchrun.history.RolloutLog;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.RolloverResult;

/** Writes each rollover to the database before it changes anything, and its end (how and when) after. */
final class JournalToHistory implements RolloutJournal {

    private final RolloutLog log;
    private final Clock clock;
    private final Map<RolloutRecord, Long> open = new ConcurrentHashMap<>();

    JournalToHistory(RolloutLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void record(RolloutRecord record) {
        open.put(record, log.before(record.containerId(), record.containerName(), record.image(), record.imageId(),
                record.newImage(), record.newImageId(), record.snapshot().toString(), record.recordedAt()));
    }

    @Override
    public void finished(RolloutRecord record, RolloverResult result) {
        Long id = open.remove(record);
        if (id != null) {
            log.ended(id, result.status().name(), result.message(), clock.instant());
        }
    }
}
