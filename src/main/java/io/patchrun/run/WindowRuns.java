package io.patchrun.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patchrun.batch.Launch;
import io.patchrun.batch.NewRun;
import io.patchrun.batch.RunLauncher;
import io.patchrun.history.ReadyVersion;
import io.patchrun.pipeline.MaintenanceWindow;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineMode;

/**
 * Starts the runs that roll out versions ready for a pipeline's maintenance window: at the window's opening
 * (trigger {@code window}), or when an admin asks to roll them out now, window or not.
 */
public class WindowRuns {

    /** How soon to look again when the window is open and another run of the pipeline is going. */
    static final Duration BUSY_RETRY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(WindowRuns.class);

    private final Supplier<List<Pipeline>> pipelines;
    private final Function<String, List<ReadyVersion>> ready;
    private final RunLauncher launcher;
    private final Clock clock;

    /**
     * @param pipelines the pipelines loaded now
     * @param ready     the versions of a pipeline ready to roll out, by image
     */
    WindowRuns(Supplier<List<Pipeline>> pipelines, Function<String, List<ReadyVersion>> ready, RunLauncher launcher, Clock clock) {
        this.pipelines = pipelines;
        this.ready = ready;
        this.launcher = launcher;
        this.clock = clock;
    }

    /**
     * The window of {@code pipeline} is due to be open: when it is, and versions wait for it, starts the run that
     * rolls them out. A window that is closed by now (Patchrun was down at its opening and started later) waits
     * for its next opening.
     *
     * @return when to look again: the next opening, or shortly while another run of the pipeline holds it;
     *         empty when the pipeline has no window any more
     */
    public Optional<Instant> windowOpened(String pipeline) {
        Optional<Pipeline> found = pipelines.get().stream().filter(p -> p.name().equals(pipeline)).findFirst();
        if (found.isEmpty() || found.get().window() == null) {
            return Optional.empty();
        }
        MaintenanceWindow window = found.get().window();
        Instant now = clock.instant();
        List<String> waiting = ready.apply(pipeline).stream().map(ReadyVersion::image).toList();
        if (!window.isOpen(now) || waiting.isEmpty() || found.get().mode() == PipelineMode.MONITOR) {
            return Optional.of(window.nextOpening(now));
        }
        Launch launch = launcher.launch(new NewRun.RollOut(found.get(), waiting, false), "window", null);
        if (launch instanceof Launch.Started started) {
            log.info("Maintenance window of pipeline {} is open: run {} rolls out {}", pipeline, started.id(), waiting);
            return Optional.of(window.nextOpening(now));
        }
        Instant retry = now.plus(BUSY_RETRY);
        log.info("Maintenance window of pipeline {} is open and {} wait to roll out, but a run of it is going; looking again at {}",
                pipeline, waiting, retry);
        return Optional.of(window.isOpen(retry) ? retry : window.nextOpening(now));
    }

    /**
     * Rolls out what is ready for the window of {@code pipeline} now, whether the window is open or not.
     *
     * @param trigger {@code api} or {@code ui}
     * @return the id of the run doing it
     * @throws RunRefused when the pipeline is unknown, in monitor mode, has nothing ready, or a run of it is going
     */
    public long rollOutNow(String pipeline, String trigger, String requestedBy) {
        Pipeline found = pipelines.get().stream().filter(p -> p.name().equals(pipeline)).findFirst()
                .orElseThrow(() -> new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE, "no pipeline '" + pipeline + "'"));
        if (found.mode() == PipelineMode.MONITOR) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, "pipeline " + pipeline + " is in mode: monitor and rolls nothing out;"
                    + " change its mode to rollout first");
        }
        List<String> waiting = ready.apply(pipeline).stream().map(ReadyVersion::image).toList();
        if (waiting.isEmpty()) {
            throw new RunRefused(RunRefused.Reason.BAD_REQUEST, "nothing of pipeline " + pipeline + " is ready to roll out: no version"
                    + " passed outside its maintenance window and waits for it");
        }
        return PatchRuns.started(launcher.launch(new NewRun.RollOut(found, waiting, true), trigger, requestedBy));
    }
}
