package io.patchrun.batch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The runs going on in this process: at most one per pipeline, each claimed before it is even queued so that
 * two requests at once never both get one, and the state of each by its id for the steps of its job.
 */
@Component
class ActiveRuns {

    private final Map<String, Claim> byPipeline = new ConcurrentHashMap<>();
    private final Map<Long, RunState> byId = new ConcurrentHashMap<>();

    /** A pipeline held for one run, from before the run is queued until it has ended. */
    final class Claim {

        private final String pipeline;
        private volatile RunState state;

        private Claim(String pipeline) {
            this.pipeline = pipeline;
        }

        /** The run that holds the pipeline, once it is queued; its steps find its state by id from now on. */
        void bind(RunState run) {
            byId.put(run.id, run);
            state = run;
        }

        /** Frees the pipeline for its next run. */
        void release() {
            RunState run = state;
            if (run != null) {
                byId.remove(run.id);
            }
            byPipeline.remove(pipeline, this);
        }
    }

    /** @return the pipeline, claimed for a new run; empty when a run of it is going or being queued */
    Optional<Claim> claim(String pipeline) {
        Claim claim = new Claim(pipeline);
        return byPipeline.putIfAbsent(pipeline, claim) == null ? Optional.of(claim) : Optional.empty();
    }

    /** The id of the run that holds {@code pipeline}, or {@code null} when none does or it is not queued yet. */
    Long holder(String pipeline) {
        Claim claim = byPipeline.get(pipeline);
        RunState run = claim == null ? null : claim.state;
        return run == null ? null : run.id;
    }

    RunState state(long id) {
        RunState state = byId.get(id);
        if (state == null) {
            throw new IllegalStateException("run " + id + " is not active in this process");
        }
        return state;
    }
}
