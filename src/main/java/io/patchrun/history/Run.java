package io.patchrun.history;

import java.time.Instant;
import java.util.List;

/**
 * One patch run as recorded.
 *
 * @param trigger     what started it: {@code schedule}, {@code base-change}, {@code api}, {@code ui}, {@code cli}, {@code rollback}
 * @param requestedBy the user who asked for it, or {@code null} for the scheduler
 */
public record Run(long id, String pipeline, String trigger, String requestedBy, RunStatus status, Instant createdAt,
                  Instant startedAt, Instant endedAt, String message, List<RunImage> images) {

    public Run {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
