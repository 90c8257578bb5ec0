package io.patchrun.batch;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import io.patchrun.container.EngineUnavailableException;
import io.patchrun.history.RunHistory;
import io.patchrun.source.RunCheckouts;
import io.patchrun.time.Durations;

/**
 * The start-up step that cleans up after a stopped process, once every bean exists and before the scheduler and
 * the web server start, so no run of this process can be among what it touches. First the rollovers that process
 * left unfinished are put to rest and recorded on their runs; then the runs it left queued or running are marked
 * FAILED: their threads ended with it, so nothing else would ever finish them; and the working trees its runs
 * built from are removed.
 */
@Component
class UnfinishedRuns implements SmartInitializingSingleton {

    static final String WHY = "Patchrun stopped while this run was going; start it again";

    private static final Logger log = LoggerFactory.getLogger(UnfinishedRuns.class);

    private final LeftoverRollovers rollovers;
    private final RunHistory runs;
    private final RunCheckouts checkouts;

    UnfinishedRuns(LeftoverRollovers rollovers, RunHistory runs, RunCheckouts checkouts) {
        this.rollovers = rollovers;
        this.runs = runs;
        this.checkouts = checkouts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        long began = System.nanoTime();
        try {
            int repaired = rollovers.putToRest().size();
            if (repaired > 0) {
                log.warn("{} rollover(s) left unfinished by the last process were put to rest in {}", repaired,
                        Durations.describe(Duration.ofNanos(System.nanoTime() - began)));
            }
        } catch (EngineUnavailableException e) {
            log.warn("Rollovers left unfinished by the last process could not be put to rest, as the engine does not answer ({});"
                    + " they will be before any run touches a container", e.getMessage());
        }
        int abandoned = runs.abandonActive(WHY);
        if (abandoned > 0) {
            log.warn("{} run(s) left unfinished by the last process were marked FAILED", abandoned);
        }
        try {
            List<Path> leftovers = checkouts.removeAll();
            if (!leftovers.isEmpty()) {
                log.warn("Removed the checkouts of {} run(s) the last process did not remove: {}", leftovers.size(), leftovers);
            }
        } catch (UncheckedIOException e) {
            // Each run checks out into a folder named by its own id and commit, so a leftover is never built from.
            log.warn("{}; remove them by hand", e.getMessage());
        }
    }
}
