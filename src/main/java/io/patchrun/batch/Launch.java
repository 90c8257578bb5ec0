package io.patchrun.batch;

/** What came of asking for a run: it started, or a run of its pipeline is still going. */
public sealed interface Launch {

    record Started(long id) implements Launch {
    }

    /**
     * @param running  the id of the run going on, or {@code null} while that run is still being queued
     * @param instance the other Patchrun instance (on the same database) whose run it is, or {@code null} when it is this one's
     */
    record Busy(String pipeline, Long running, String instance) implements Launch {

        /** A run of this instance. */
        public Busy(String pipeline, Long running) {
            this(pipeline, running, null);
        }
    }
}
