package io.patchrun.pipeline;

import java.time.Instant;
import java.time.ZoneId;

/**
 * When the containers of a pipeline may be rolled over ({@code window:} in the pipeline file). Builds and
 * smoke tests happen at any time; a version that passed outside the window waits, ready to roll out, until
 * the window opens. Times are wall-clock times of the window's {@link #zone()}, so a window keeps its local
 * hours across daylight-saving changes.
 */
public sealed interface MaintenanceWindow permits WeeklyWindow, CronWindow {

    /** Whether a rollover may start at {@code at}: the window has opened and not yet closed. */
    boolean isOpen(Instant at);

    /** The first opening of the window strictly after {@code after}. */
    Instant nextOpening(Instant after);

    ZoneId zone();

    /** The window as the user wrote it, for the UI and the log ({@code MON-FRI 02:00-05:00 Europe/Berlin}). */
    String describe();
}
