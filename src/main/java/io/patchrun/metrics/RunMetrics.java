package io.patchrun.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import io.patchrun.notify.EndedRun;
import io.patchrun.notify.RunEndListener;

/**
 * Counts every ended run and what it did, by pipeline: the run's status, the images it built, rolled over
 * and rolled back, how long builds and rollovers took, and how long each container did not answer.
 */
@Component
class RunMetrics implements RunEndListener {

    /** Builds take seconds to many minutes: the histogram's buckets span that, not Micrometer's 30 s default. */
    private static final Duration SHORTEST = Duration.ofMillis(100);
    private static final Duration LONGEST = Duration.ofHours(1);

    private final MeterRegistry meters;

    RunMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void runEnded(EndedRun run) {
        String pipeline = run.pipeline();
        Counter.builder("patchrun.runs").description("Patch runs that ended, by pipeline and final status")
                .tags("pipeline", pipeline, "status", run.status()).register(meters).increment();
        for (EndedRun.ImageChange image : run.images()) {
            switch (image.status()) {
                case "BUILT", "READY" -> images("built", "Images built and smoke-tested", pipeline);
                case "DEPLOYED" -> {
                    images("built", "Images built and smoke-tested", pipeline);
                    images("rolled.over", "Images whose containers were rolled over to the new build", pipeline);
                }
                case "ROLLED_BACK" -> {
                    images("built", "Images built and smoke-tested", pipeline);
                    images("rolled.back", "Images whose rollover failed and was undone", pipeline);
                }
                default -> { }
            }
            if (image.buildTime() != null) {
                histogram("patchrun.build.duration", "How long an image's build took", pipeline).record(image.buildTime());
            }
            if (image.rolloverTime() != null) {
                histogram("patchrun.rollover.duration", "How long rolling an image's containers over took", pipeline)
                        .record(image.rolloverTime());
            }
            // A container the policy gate refused was never stopped: it had no outage to count.
            for (EndedRun.ContainerChange container : image.containers().stream().filter(c -> !c.outcome().equals("REFUSED")).toList()) {
                Timer.builder("patchrun.rollover.outage")
                        .description("How long a container did not answer under its name while it was rolled over")
                        .tag("pipeline", pipeline).register(meters).record(container.outage());
            }
        }
    }

    private void images(String what, String description, String pipeline) {
        Counter.builder("patchrun.images." + what).description(description).tag("pipeline", pipeline).register(meters).increment();
    }

    private Timer histogram(String name, String description, String pipeline) {
        return Timer.builder(name).description(description).tag("pipeline", pipeline).publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST).maximumExpectedValue(LONGEST).register(meters);
    }
}
