package io.patchrun.status;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The actuator's {@code registries} component: up while every registry of {@code patchrun.registries}
 * answers; down, naming the ones that do not and why, otherwise. With none configured it is up and says so.
 */
@Component
class RegistriesHealthIndicator implements HealthIndicator {

    private final SystemStatus status;

    RegistriesHealthIndicator(SystemStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        List<RegistryStatus> registries = status.registries();
        Map<String, String> details = new TreeMap<>();
        for (RegistryStatus registry : registries) {
            details.put(registry.address(), registry.answers() ? "answers" : registry.problem());
        }
        boolean allAnswer = registries.stream().allMatch(RegistryStatus::answers);
        return (allAnswer ? Health.up() : Health.down())
                .withDetail("registries", registries.isEmpty() ? "none configured (patchrun.registries)" : details).build();
    }
}
