package io.patchrun.reload;

import java.util.List;

import io.patchrun.pipeline.Pipeline;

/**
 * Published when the pipeline files have been read, at start and after every change: {@code pipelines} are
 * all the usable ones now, so a listener can make its state match them.
 */
public record PipelinesChanged(List<Pipeline> pipelines) {

    public PipelinesChanged {
        pipelines = List.copyOf(pipelines);
    }
}
