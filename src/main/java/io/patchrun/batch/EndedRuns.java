package io.patchrun.batch;

import java.time.Duration;
import java.util.List;

import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.notify.EndedRun;
import io.patchrun.rollout.RolloverResult;

/** A run as recorded at its end, with what only the run's memory knows (old base digests, each rollover), for its listeners. */
final class EndedRuns {

    private EndedRuns() {
    }

    static EndedRun of(RunState state, Run recorded) {
        List<EndedRun.ImageChange> images = recorded.images().stream().map(image -> image(state, image)).toList();
        return new EndedRun(recorded.id(), recorded.pipeline(), recorded.trigger(), recorded.status().name(), recorded.startedAt(),
                recorded.endedAt(), recorded.message(), images, state.pipeline.notifications());
    }

    private static EndedRun.ImageChange image(RunState state, RunImage image) {
        RunState.Rollovers rollovers = state.rollovers.get(image.name());
        List<EndedRun.ContainerChange> containers = rollovers == null
                ? image.containers().stream().map(name -> new EndedRun.ContainerChange(name, image.status().name(), image.message(), null)).toList()
                : rollovers.results().stream().map(EndedRuns::container).toList();
        return new EndedRun.ImageChange(image.name(), image.status().name(), image.tag(), state.previousBaseDigests.get(image.name()),
                image.baseDigest(), image.buildMillis() == null ? null : Duration.ofMillis(image.buildMillis()),
                rollovers == null ? null : rollovers.took(), containers, image.message());
    }

    private static EndedRun.ContainerChange container(RolloverResult result) {
        return new EndedRun.ContainerChange(result.container(), result.status().name(), result.message(), result.outage());
    }
}
