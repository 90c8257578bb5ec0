package io.patchrun.reload;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.patchrun.pipeline.CatalogChange;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.container.Engines;
import io.patchrun.pipeline.EngineNames;
import io.patchrun.pipeline.PipelineCatalog;
import io.patchrun.pipeline.PipelineError;
import io.patchrun.wiring.PatchrunProperties;

/**
 * The pipeline files in {@code patchrun.pipelines-dir}, read at start and whenever one changes; each reading
 * that changed something is published as {@link PipelinesChanged}, so the schedules follow the files. A broken file is logged with its file, line and field, and left out.
 */
@Component
public class PipelineFolder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PipelineFolder.class);

    private final PipelineCatalog catalog;
    private final ApplicationEventPublisher events;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pipeline-files");
        thread.setDaemon(true);
        return thread;
    });
    private final long reloadMillis;
    private Map<Path, List<PipelineError>> reported = Map.of();

    PipelineFolder(PatchrunProperties properties, Engines engines, ApplicationEventPublisher events) {
        this.catalog = new PipelineCatalog(properties.pipelinesDir(), new EngineNames(engines.names(), engines.build().name()));
        this.events = events;
        this.reloadMillis = properties.reloadEvery().toMillis();
        catalog.reload();
        report();
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        events.publishEvent(new PipelinesChanged(catalog.pipelines()));
        log.info("Pipeline files in {}: {}", catalog.dir().toAbsolutePath(), catalog.pipelines().stream().map(Pipeline::name).toList());
        watcher.scheduleWithFixedDelay(this::reloadQuietly, reloadMillis, reloadMillis, TimeUnit.MILLISECONDS);
    }

    /** Reads the folder again now; schedules follow what changed. */
    public synchronized CatalogChange reload() {
        CatalogChange change = catalog.reload();
        report();
        if (!change.isEmpty()) {
            log.info("Pipeline files changed: added {}, changed {}, removed {}", change.added(), change.changed(), change.removed());
            events.publishEvent(new PipelinesChanged(catalog.pipelines()));
        }
        return change;
    }

    public List<Pipeline> list() {
        return catalog.pipelines();
    }

    public Optional<Pipeline> find(String name) {
        return catalog.find(name);
    }

    public Map<Path, List<PipelineError>> errors() {
        return catalog.errors();
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.error("Could not reload the pipeline files in {}", catalog.dir(), e);
        }
    }

    private void report() {
        Map<Path, List<PipelineError>> errors = catalog.errors();
        if (!errors.equals(reported)) {
            errors.forEach((file, problems) -> {
                if (!problems.equals(reported.get(file))) {
                    log.error("Pipeline file {} is not used until fixed:\n  {}", file,
                            String.join("\n  ", problems.stream().map(PipelineError::toString).toList()));
                }
            });
            reported = errors;
        }
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
    }
}
