package io.patchrun.batch;

/** What came of asking for a run: it started, or a run of its pipeline is still going. */
public sealed interface Launch {

    record Started(long id) implements Launch {
    }

    /** @param running the id of the run going on, or {@code null} while that run is still being queued */
    record Busy(String pipeline, Long running) implements Launch {
    }
}
