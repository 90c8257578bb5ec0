package io.patchrun.history;

import java.time.Instant;
import java.util.List;

/**
 * One patch run as recorded.
 *
 * @param trigger     what started it: {@code schedule}, {@code base-change}, {@code api}, {@code ui}, {@code cli},
 *                    {@code rollback}, {@code resume}
 * @param requestedBy the user who asked for it, or {@code null} for the scheduler
 * @param resumes     the run this one continues, or {@code null}
 * @param bases       the upstream bases it checked before it planned, sorted by reference (read with the run alone)
 */
public record Run(long id, String pipeline, String trigger, String requestedBy, RunStatus status, Instant createdAt,
                  Instant startedAt, Instant endedAt, String message, List<RunImage> images, Long resumes, List<RunBase> bases) {

    public Run {
        images = images == null ? List.of() : List.copyOf(images);
        bases = bases == null ? List.of() : List.copyOf(bases);
    }

    /** A run that continues none and checked no base. */
    public Run(long id, String pipeline, String trigger, String requestedBy, RunStatus status, Instant createdAt,
               Instant startedAt, Instant endedAt, String message, List<RunImage> images) {
        this(id, pipeline, trigger, requestedBy, status, createdAt, startedAt, endedAt, message, images, null, List.of());
    }
}
