package io.patchrun.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import io.patchrun.watch.DigestCheck;
import io.patchrun.watch.DigestCheckListener;

/**
 * Counts base digest checks and their failures by registry: those between runs and those a run makes
 * before it plans alike.
 */
@Component
class DigestCheckMetrics implements DigestCheckListener {

    private final MeterRegistry meters;

    DigestCheckMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void checked(DigestCheck check) {
        String registry = check.ref().registry() == null ? "docker.io" : check.ref().registry();
        Counter.builder("patchrun.digest.checks").description("Base digest checks against a registry")
                .tag("registry", registry).register(meters).increment();
        if (!check.succeeded()) {
            Counter.builder("patchrun.digest.check.failures").description("Base digest checks that failed")
                    .tag("registry", registry).register(meters).increment();
        }
    }
}
