package io.patchrun.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.patchrun.history.ReadyVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineMode;
import io.patchrun.reload.PipelineFolder;

/**
 * The overview's section on hands-off rollouts ({@code templates/windows.html}): each pipeline in monitor mode
 * or with a maintenance window, whether the window is open, when it opens next, and the versions ready to roll
 * out then, with "Roll out now" for admins. Drawn only when some pipeline has either.
 */
@Component
class WindowSection implements OverviewSection {

    /**
     * @param window      the window as written, or {@code null} for none
     * @param open        whether it is open now
     * @param nextOpening when it opens next
     */
    record Row(String pipeline, boolean monitor, String window, boolean open, Instant nextOpening, List<ReadyVersion> ready) {
    }

    record Model(List<Row> rows) {

        // Public: the template calls it, and SpEL only calls public methods.
        public boolean shown() {
            return !rows.isEmpty();
        }
    }

    private final PipelineFolder pipelines;
    private final ReadyVersions ready;
    private final Clock clock;

    WindowSection(PipelineFolder pipelines, ReadyVersions ready, Clock clock) {
        this.pipelines = pipelines;
        this.ready = ready;
        this.clock = clock;
    }

    @Override
    public String template() {
        return "windows";
    }

    @Override
    public Model model() {
        Instant now = clock.instant();
        return new Model(pipelines.list().stream().filter(p -> p.mode() == PipelineMode.MONITOR || p.window() != null)
                .map(p -> row(p, now)).toList());
    }

    private Row row(Pipeline pipeline, Instant now) {
        boolean monitor = pipeline.mode() == PipelineMode.MONITOR;
        if (pipeline.window() == null) {
            return new Row(pipeline.name(), monitor, null, false, null, ready.of(pipeline.name()));
        }
        return new Row(pipeline.name(), monitor, pipeline.window().describe(), pipeline.window().isOpen(now),
                pipeline.window().nextOpening(now), ready.of(pipeline.name()));
    }
}
