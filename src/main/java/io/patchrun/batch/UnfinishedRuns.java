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
import io.patchrun.history.RunLeases;
import io.patchrun.source.RunCheckouts;
import io.patchrun.time.Durations;

/**
 * The start-up step that cleans up after a stopped process, once every bean exists and before the scheduler and
 * the web server start, so no run of this process can be among what it touches. First the rollovers that process
 * left unfinished are put to rest and recorded on their runs; then the runs it left queued or running are marked
 * FAILED: their threads ended with it, so nothing else would ever finish them; and the working trees its runs
 * built from are removed.
 *
 * <p>On a database other instances share (PostgreSQL), only what instances without a live lease left is theirs to
 * clean up, at start and again whenever a dead instance is taken over ({@link #takeOver()}); on an H2 file, which no
 * other process can open, every lease left in it is a stopped process's and is forgotten first.
 */
@Component
class UnfinishedRuns implements SmartInitializingSingleton, Takeover {

    static final String WHY = "Patchrun stopped while this run was going; start it again";
    static final String TAKEN_OVER = "the Patchrun instance running this run stopped renewing its lease (it died or lost the database);"
            + " another instance put it to rest; start it again";

    private static final Logger log = LoggerFactory.getLogger(UnfinishedRuns.class);

    private final LeftoverRollovers rollovers;
    private final RunHistory runs;
    private final RunCheckouts checkouts;
    private final RunLeases leases;

    UnfinishedRuns(LeftoverRollovers rollovers, RunHistory runs, RunCheckouts checkouts, RunLeases leases) {
        this.rollovers = rollovers;
        this.runs = runs;
        this.checkouts = checkouts;
        this.leases = leases;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!leases.shared()) {
            leases.forgetOthers();
        }
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
        int abandoned = runs.abandonLeftOver(leases, WHY).size();
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

    /**
     * Puts to rest the rollovers and runs of other instances whose leases expired: the rollovers first (recorded on
     * their runs), then the runs still marked as going. Its own runs and those of live instances are left alone.
     */
    @Override
    public synchronized void takeOver() {
        try {
            int repaired = rollovers.putToRestOfOthers().size();
            if (repaired > 0) {
                log.warn("{} rollover(s) left unfinished by an instance whose lease expired were put to rest", repaired);
            }
        } catch (EngineUnavailableException e) {
            log.warn("Rollovers left unfinished by an instance whose lease expired could not be put to rest, as the engine does not answer"
                    + " ({}); they will be before any run touches a container", e.getMessage());
        }
        List<Long> abandoned = runs.abandonLeftOver(leases, TAKEN_OVER);
        if (!abandoned.isEmpty()) {
            log.warn("Run(s) {} of an instance whose lease expired were marked FAILED", abandoned);
        }
    }
}
