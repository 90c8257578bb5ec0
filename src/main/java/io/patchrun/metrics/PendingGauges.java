package io.patchrun.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.patchrun.history.BaseHistory;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.reload.PipelinesChanged;

/**
 * The base updates waiting for a patch run, read from the history whenever Prometheus asks: how many per
 * pipeline, and how long the oldest has waited. The per-pipeline gauges follow the pipeline folder.
 */
@Component
class PendingGauges {

    private final MeterRegistry meters;
    private final BaseHistory bases;
    private final Map<String, Gauge> perPipeline = new HashMap<>();

    PendingGauges(MeterRegistry meters, BaseHistory bases, Clock clock) {
        this.meters = meters;
        this.bases = bases;
        Gauge.builder("patchrun.pending.oldest.age", () -> bases.oldestPendingSince()
                        .map(since -> Math.max(0, Duration.between(since, clock.instant()).toMillis()) / 1000.0).orElse(0.0))
                .description("How long the oldest base update still waiting for a patch run has waited; 0 when none waits")
                .baseUnit("seconds").register(meters);
    }

    @EventListener
    synchronized void pipelinesChanged(PipelinesChanged change) {
        Set<String> names = change.pipelines().stream().map(Pipeline::name).collect(Collectors.toSet());
        perPipeline.entrySet().removeIf(gauge -> {
            boolean gone = !names.contains(gauge.getKey());
            if (gone) {
                meters.remove(gauge.getValue());
            }
            return gone;
        });
        for (String name : names) {
            perPipeline.computeIfAbsent(name, pipeline -> Gauge.builder("patchrun.pending.updates", () -> bases.pending(pipeline).size())
                    .description("Changed bases a pipeline waits to be rebuilt for").tag("pipeline", pipeline).register(meters));
        }
    }
}
