package io.patchrun.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.ReadyVersions;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.reload.PipelinesChanged;

/**
 * The base updates waiting for a patch run, read from the history whenever Prometheus asks: how many per
 * pipeline, and how long the oldest has waited; and per pipeline the versions ready to roll out when its
 * maintenance window opens. The per-pipeline gauges follow the pipeline folder.
 */
@Component
class PendingGauges {

    private final MeterRegistry meters;
    private final BaseHistory bases;
    private final ReadyVersions ready;
    private final Map<String, Gauge> perPipeline = new HashMap<>();
    private final Map<String, Gauge> readyPerPipeline = new HashMap<>();

    PendingGauges(MeterRegistry meters, BaseHistory bases, ReadyVersions ready, Clock clock) {
        this.meters = meters;
        this.bases = bases;
        this.ready = ready;
        Gauge.builder("patchrun.pending.oldest.age", () -> bases.oldestPendingSince()
                        .map(since -> Math.max(0, Duration.between(since, clock.instant()).toMillis()) / 1000.0).orElse(0.0))
                .description("How long the oldest base update still waiting for a patch run has waited; 0 when none waits")
                .baseUnit("seconds").register(meters);
    }

    @EventListener
    synchronized void pipelinesChanged(PipelinesChanged change) {
        Set<String> names = change.pipelines().stream().map(Pipeline::name).collect(Collectors.toSet());
        for (Map<String, Gauge> gauges : List.of(perPipeline, readyPerPipeline)) {
            gauges.entrySet().removeIf(gauge -> {
                boolean gone = !names.contains(gauge.getKey());
                if (gone) {
                    meters.remove(gauge.getValue());
                }
                return gone;
            });
        }
        for (String name : names) {
            perPipeline.computeIfAbsent(name, pipeline -> Gauge.builder("patchrun.pending.updates", () -> bases.pending(pipeline).size())
                    .description("Changed bases a pipeline waits to be rebuilt for").tag("pipeline", pipeline).register(meters));
            readyPerPipeline.computeIfAbsent(name, pipeline -> Gauge.builder("patchrun.ready.versions", () -> ready.count(pipeline))
                    .description("Versions built and smoke-tested outside the pipeline's maintenance window, waiting for it to open")
                    .tag("pipeline", pipeline).register(meters));
        }
    }
}
