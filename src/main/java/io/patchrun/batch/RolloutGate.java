package io.patchrun.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.patchrun.container.Containers;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.pipeline.MaintenanceWindow;
import io.patchrun.pipeline.PipelineMode;

/**
 * Whether an image that passed its smoke test rolls out now. A pipeline in {@code mode: monitor} never rolls a
 * container over: the version becomes current (it is built on the bases it checked) and the run names the
 * containers left on their version. Outside the pipeline's maintenance window the version is ready to roll out:
 * kept, not current, recorded READY, and rolled out when the window opens; an image without a running container or
 * Swarm service has nothing to wait for.
 */
@Component
class RolloutGate {

    private final Containers containers;
    private final ReadyVersions ready;
    private final VersionHistory versions;
    private final RunHistory runs;
    private final Clock clock;
    private final ServiceRolloutStep services;

    RolloutGate(Containers containers, ReadyVersions ready, VersionHistory versions, RunHistory runs, Clock clock, ServiceRolloutStep services) {
        this.containers = containers;
        this.ready = ready;
        this.versions = versions;
        this.runs = runs;
        this.clock = clock;
        this.services = services;
    }

    /** @return whether the image was held back, and recorded so; {@code false} when its containers roll over now */
    boolean holdsBack(RunState state, String name) {
        RunImage built = state.images.get(name);
        if (state.pipeline.mode() == PipelineMode.MONITOR) {
            List<String> running = containers.runningOf(state.spec(name).ref());
            versions.makeCurrent(name, built.tag());
            ready.done(name);
            record(state, built.with(ImageStatus.BUILT, "mode: monitor, so no container is rolled over"
                    + (running.isEmpty() ? "; no container of " + name + " runs" : "; still on their version: " + String.join(", ", running))));
            return true;
        }
        Instant now = clock.instant();
        MaintenanceWindow window = state.pipeline.window();
        if (!state.heldByWindow() || window.isOpen(now)) {
            return false;
        }
        List<String> running = new ArrayList<>(containers.runningOf(state.spec(name).ref()));
        running.addAll(services.servicesOf(state.pipeline, state.spec(name)));
        if (running.isEmpty()) {
            return false;
        }
        ready.ready(state.pipeline.name(), name, built.tag(), state.id);
        record(state, built.with(ImageStatus.READY, "ready to roll out: the maintenance window (" + window.describe() + ") is closed;"
                + " it opens " + window.nextOpening(now) + ", and " + String.join(", ", running) + " stay on their version until then"));
        return true;
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }
}
