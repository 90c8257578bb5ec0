package io.patchrun.status;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The actuator's {@code engine} component: up while the Docker engine Patchrun drives answers. */
@Component
class EngineHealthIndicator implements HealthIndicator {

    private final SystemStatus status;

    EngineHealthIndicator(SystemStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        EngineStatus engine = status.engine();
        Health.Builder health = engine.answers() ? Health.up() : Health.down();
        health.withDetail("host", engine.host());
        if (engine.answers()) {
            health.withDetail("version", engine.version()).withDetail("apiVersion", engine.apiVersion());
        } else {
            health.withDetail("problem", engine.problem());
        }
        return health.build();
    }
}
