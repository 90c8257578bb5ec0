package io.patchrun.batch;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.history.RunLeases;

/**
 * The runs going on in this process: at most one per pipeline, each claimed before it is even queued so that
 * two requests at once never both get one, and the state of each by its id for the steps of its job. A claim also
 * takes the pipeline's lease in the database, so that no other instance on a shared database runs it meanwhile.
 */
@Component
class ActiveRuns {

    private static final Logger log = LoggerFactory.getLogger(ActiveRuns.class);

    private final RunLeases leases;
    private final Map<String, Claim> byPipeline = new ConcurrentHashMap<>();
    private final Map<Long, RunState> byId = new ConcurrentHashMap<>();

    ActiveRuns(RunLeases leases) {
        this.leases = leases;
    }

    /** A pipeline held for one run, from before the run is queued until it has ended. */
    final class Claim {

        private final String pipeline;
        private volatile RunState state;
        private volatile boolean takenOver;

        private Claim(String pipeline) {
            this.pipeline = pipeline;
        }

        /** The run that holds the pipeline, once it is queued; its steps find its state by id from now on. */
        void bind(RunState run) {
            byId.put(run.id, run);
            state = run;
            leases.bind(pipeline, run.id);
        }

        /** Whether the pipeline's lease had expired: a dead instance's leftovers are to be put to rest before the run goes. */
        boolean takenOver() {
            return takenOver;
        }

        /** Frees the pipeline for its next run, here and on the database. */
        void release() {
            RunState run = state;
            if (run != null) {
                byId.remove(run.id);
            }
            try {
                leases.release(pipeline);
            } catch (RuntimeException e) {
                log.error("The lease of pipeline {} could not be freed; other instances may run it once it expires in {}", pipeline,
                        leases.duration(), e);
            } finally {
                byPipeline.remove(pipeline, this);
            }
        }
    }

    /** The pipelines claimed here, whose leases this process renews. */
    Set<String> pipelines() {
        return Set.copyOf(byPipeline.keySet());
    }

    /** The id this process's runs and leases carry. */
    String instance() {
        return leases.instance();
    }

    /**
     * @return the pipeline, claimed for a new run; empty when a run of it is going or being queued, here or on another
     *         instance
     */
    Optional<Claim> claim(String pipeline) {
        Claim claim = new Claim(pipeline);
        if (byPipeline.putIfAbsent(pipeline, claim) != null) {
            return Optional.empty();
        }
        RunLeases.Outcome outcome;
        try {
            outcome = leases.take(pipeline);
        } catch (RuntimeException e) {
            byPipeline.remove(pipeline, claim);
            throw e;
        }
        if (outcome == RunLeases.Outcome.HELD) {
            byPipeline.remove(pipeline, claim);
            return Optional.empty();
        }
        claim.takenOver = outcome == RunLeases.Outcome.TAKEN_OVER;
        return Optional.of(claim);
    }

    /** The id of the run that holds {@code pipeline}, or {@code null} when none does or it is not queued yet. */
    Long holder(String pipeline) {
        Claim claim = byPipeline.get(pipeline);
        RunState run = claim == null ? null : claim.state;
        return run == null ? null : run.id;
    }

    /** Who holds {@code pipeline}, for a refused request: a run of this process, or another instance's lease. */
    Launch.Busy busy(String pipeline) {
        if (byPipeline.containsKey(pipeline)) {
            return new Launch.Busy(pipeline, holder(pipeline));
        }
        return leases.find(pipeline).filter(lease -> !lease.holder().equals(leases.instance()))
                .map(lease -> new Launch.Busy(pipeline, lease.runId(), lease.holder()))
                .orElseGet(() -> new Launch.Busy(pipeline, holder(pipeline)));
    }

    RunState state(long id) {
        RunState state = byId.get(id);
        if (state == null) {
            throw new IllegalStateException("run " + id + " is not active in this process");
        }
        return state;
    }
}
