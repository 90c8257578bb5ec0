package io.patchrun.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The actuator's {@code engine} component: up while every Docker engine Patchrun drives answers. Its details are
 * the build engine's ({@code host}, {@code version}, {@code apiVersion} or {@code problem}) and, under {@code engines},
 * each engine's by name with its own {@code status}.
 */
@Component
class EngineHealthIndicator implements HealthIndicator {

    private final SystemStatus status;

    EngineHealthIndicator(SystemStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        List<EngineStatus> engines = status.engines();
        EngineStatus build = engines.get(0);
        Health.Builder health = engines.stream().allMatch(EngineStatus::answers) ? Health.up() : Health.down();
        details(build).forEach(health::withDetail);
        Map<String, Object> each = new LinkedHashMap<>();
        engines.forEach(engine -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", engine.answers() ? "UP" : "DOWN");
            details.putAll(details(engine));
            each.put(engine.name(), details);
        });
        return health.withDetail("engines", each).build();
    }

    private static Map<String, Object> details(EngineStatus engine) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", engine.host());
        if (engine.answers()) {
            details.put("version", engine.version());
            details.put("apiVersion", engine.apiVersion());
        } else {
            details.put("problem", engine.problem());
        }
        return details;
    }
}
