package io.patchrun.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.patchrun.pipeline.Pipeline;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;
import io.patchrun.watch.DigestSource;

/**
 * The demo fleet of {@code pipelines/demo.yml}, for the overview and its buttons: what it consists of,
 * how to remove it, and the actions a newcomer tries. Only a server started with
 * {@code patchrun.demo.enabled=true} has it ({@link ConditionalOnDemo}). Even then, with no pipeline named
 * {@code demo} loaded, nothing here touches the engine or the disk.
 */
@Service
@ConditionalOnDemo
public class Demo {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    private static final Duration FIRST_RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final String NO_PIPELINE = "no pipeline named " + DemoLayout.PIPELINE + " is loaded; pipelines/demo.yml is the demo";

    private final PipelineFolder pipelines;
    private final DemoProperties properties;
    private final DemoNames names;
    private final DemoSources sources;
    private final DemoRepositories repositories = new DemoRepositories();
    private final DemoBase base;
    private final DemoFleet fleet;
    private final ReentrantLock busy = new ReentrantLock();
    private volatile List<String> made = List.of();
    private volatile String lastAction = "The demo fleet is prepared once Patchrun has started";

    Demo(PipelineFolder pipelines, PatchRuns runs, DemoEngine engine, DigestSource registry, DemoProperties properties, Clock clock) {
        this.pipelines = pipelines;
        this.properties = properties;
        this.names = properties.names();
        this.sources = new DemoSources(names);
        this.base = new DemoBase(engine, registry, clock);
        this.fleet = new DemoFleet(engine, base, runs, FIRST_RUN_TIMEOUT);
    }

    /** The demo as it stands; inactive, with nothing listed, when no demo pipeline is loaded. */
    public DemoStatus status() {
        Optional<Pipeline> pipeline = pipeline();
        if (pipeline.isEmpty()) {
            return new DemoStatus(false, List.of(), List.of(), NO_PIPELINE, false);
        }
        DemoLayout layout;
        try {
            layout = DemoLayout.of(pipeline.get(), names);
        } catch (DemoException e) {
            return new DemoStatus(false, List.of(), List.of(), e.getMessage(), false);
        }
        boolean broken = DemoRepositories.isRepository(layout.repository(DemoSources.App.WEB)) && actions(layout).nextWebBroken();
        return new DemoStatus(true, made, names.removeCommands(layout.folders()), lastAction, broken);
    }

    /** Pushes a new release of the demo's base under the same tag; the watcher then patches the fleet. */
    public DemoStatus publishBase() {
        return act("publish a new base digest", actions -> actions.publishBaseMessage(actions.publishBase(base)));
    }

    /** Commits a change that makes the next web version fail on its live container, to show the automatic rollback. */
    public DemoStatus breakNext() {
        return act("break the next web version", DemoActions::breakNext);
    }

    /** Undoes {@link #breakNext()} with a commit of the working health check. */
    public DemoStatus fixNext() {
        return act("fix the next web version", DemoActions::fixNext);
    }

    /** Makes what the demo needs and does not have; logs what it made and how to remove it. */
    void prepare() {
        Optional<Pipeline> pipeline = pipeline();
        if (pipeline.isEmpty()) {
            log.debug("No demo fleet: {}", NO_PIPELINE);
            return;
        }
        busy.lock();
        try {
            lastAction = "Preparing the demo fleet: repositories, base image, a first patch run, containers";
            DemoLayout layout = DemoLayout.of(pipeline.get(), names);
            made = fleet.prepare(layout, actions(layout), properties);
            lastAction = "The demo fleet is ready: " + String.join(" and ", DemoFleet.containers(names, properties).stream()
                    .map(DemoContainer::url).toList()) + "; publish a new base digest to watch Patchrun patch it";
            log.info("Demo fleet of pipeline {} is ready:\n  {}\nTry: java -jar target/patchrun.jar demo publish-base"
                            + " (or the button on the overview), then demo break-next.\nTo remove it all:\n  {}",
                    DemoLayout.PIPELINE, String.join("\n  ", made), String.join("\n  ", names.removeCommands(layout.folders())));
        } catch (DemoException e) {
            lastAction = "The demo fleet is not ready: " + e.getMessage();
            log.warn("{}", lastAction);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastAction = "Preparing the demo fleet was interrupted: Patchrun is stopping";
        } catch (RuntimeException e) {
            lastAction = "The demo fleet is not ready: " + e;
            log.error("Preparing the demo fleet failed", e);
        } finally {
            busy.unlock();
        }
    }

    private DemoStatus act(String what, Function<DemoActions, String> action) {
        if (!busy.tryLock()) {
            lastAction = "Could not " + what + ": the demo fleet is still being prepared; try again in a moment";
            return status();
        }
        try {
            DemoLayout layout = pipeline().map(p -> DemoLayout.of(p, names)).orElseThrow(() -> new DemoException(NO_PIPELINE));
            lastAction = action.apply(actions(layout));
            log.info("Demo: {}", lastAction);
        } catch (DemoException e) {
            lastAction = "Could not " + what + ": " + e.getMessage();
            log.warn("Demo: {}", lastAction);
        } finally {
            busy.unlock();
        }
        return status();
    }

    private Optional<Pipeline> pipeline() {
        return pipelines.find(DemoLayout.PIPELINE);
    }

    private DemoActions actions(DemoLayout layout) {
        return new DemoActions(layout, repositories, sources);
    }
}
