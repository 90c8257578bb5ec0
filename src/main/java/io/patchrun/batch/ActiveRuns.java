package io.patchrun.batch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** The runs going on in this process: at most one per pipeline. */
@Component
public class ActiveRuns {

    private final Map<String, RunState> byPipeline = new ConcurrentHashMap<>();
    private final Map<Long, RunState> byId = new ConcurrentHashMap<>();

    /** @return {@code false} when the pipeline already has a run going */
    public boolean claim(RunState state) {
        if (byPipeline.putIfAbsent(state.pipeline.name(), state) != null) {
            return false;
        }
        byId.put(state.id, state);
        return true;
    }

    public Optional<RunState> of(String pipeline) {
        return Optional.ofNullable(byPipeline.get(pipeline));
    }

    public RunState state(long id) {
        RunState state = byId.get(id);
        if (state == null) {
            throw new IllegalStateException("run " + id + " is not active in this process");
        }
        return state;
    }

    public void release(RunState state) {
        byId.remove(state.id);
        byPipeline.remove(state.pipeline.name(), state);
    }
}
