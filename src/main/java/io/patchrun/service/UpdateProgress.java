package io.patchrun.service;

import java.util.Objects;

/**
 * Where Swarm's rolling update of a service stands ({@code UpdateStatus} of the engine's API).
 *
 * @param state     see {@link State}
 * @param message   Swarm's words about it ({@code update completed}, {@code update rolled back due to failure ...});
 *                  may be empty
 * @param startedAt when the update began, as the engine wrote it: what tells one update from the one before
 */
public record UpdateProgress(State state, String message, String startedAt) {

    public enum State {
        UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED;

        /** Whether Swarm does no more on its own: the update completed, was rolled back, or is paused. */
        public boolean settled() {
            return this == PAUSED || this == COMPLETED || this == ROLLBACK_PAUSED || this == ROLLBACK_COMPLETED;
        }
    }

    public UpdateProgress {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }

    /** Whether this is another update than {@code before} (which may be {@code null}: none yet). */
    public boolean laterThan(UpdateProgress before) {
        return before == null || !Objects.equals(startedAt, before.startedAt);
    }
}
