package io.patchrun.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.patchrun.container.HostAccess;
import io.patchrun.service.SwarmService;
import io.patchrun.service.UpdateProgress;
import io.patchrun.service.UpdateSettings;

/** A service as the engine's API writes it ({@code GET /services/{id}}), read into the core's terms. */
final class ServiceJson {

    private ServiceJson() {
    }

    static SwarmService service(Map<String, Object> service) {
        Map<String, Object> spec = object(service.get("Spec"));
        Map<String, Object> container = object(object(spec.get("TaskTemplate")).get("ContainerSpec"));
        Map<String, Object> replicated = object(object(spec.get("Mode")).get("Replicated"));
        Integer replicas = replicated.get("Replicas") instanceof Number number ? number.intValue()
                : object(spec.get("Mode")).containsKey("Global") ? null : 1;
        return new SwarmService(text(service.get("ID")), text(spec.get("Name")), text(container.get("Image")), strings(spec.get("Labels")),
                object(service.get("Version")).get("Index") instanceof Number index ? index.longValue() : 0L, progress(service.get("UpdateStatus")),
                settings(spec.get("UpdateConfig")), replicas, access(container));
    }

    private static UpdateProgress progress(Object value) {
        Map<String, Object> status = object(value);
        String state = text(status.get("State"));
        if (state.isEmpty()) {
            return null;
        }
        return new UpdateProgress(UpdateProgress.State.valueOf(state.toUpperCase(Locale.ROOT)), text(status.get("Message")), text(status.get("StartedAt")));
    }

    private static UpdateSettings settings(Object value) {
        if (value == null) {
            return null;
        }
        Map<String, Object> config = object(value);
        String order = text(config.get("Order"));
        String action = text(config.get("FailureAction"));
        return new UpdateSettings("start-first".equals(order) ? UpdateSettings.Order.START_FIRST : UpdateSettings.Order.STOP_FIRST,
                action.isEmpty() ? UpdateSettings.FailureAction.PAUSE : UpdateSettings.FailureAction.valueOf(action.toUpperCase(Locale.ROOT)),
                Duration.ofNanos(config.get("Monitor") instanceof Number monitor ? monitor.longValue() : 0L),
                config.get("Parallelism") instanceof Number parallelism ? parallelism.longValue() : 0L);
    }

    /** Bind mounts' sources, added capabilities, and seccomp or AppArmor turned off, as the policy gate reads them. */
    private static HostAccess access(Map<String, Object> container) {
        List<String> hostPaths = new ArrayList<>();
        for (Object entry : list(container.get("Mounts"))) {
            Map<String, Object> mount = object(entry);
            if ("bind".equals(mount.get("Type"))) {
                hostPaths.add(text(mount.get("Source")));
            }
        }
        List<String> capabilities = list(container.get("CapabilityAdd")).stream().map(String::valueOf).toList();
        Map<String, Object> privileges = object(container.get("Privileges"));
        List<String> security = new ArrayList<>();
        if ("unconfined".equals(object(privileges.get("Seccomp")).get("Mode"))) {
            security.add("seccomp=unconfined");
        }
        if ("disabled".equals(object(privileges.get("AppArmor")).get("Mode"))) {
            security.add("apparmor=unconfined");
        }
        return new HostAccess(false, hostPaths, capabilities, null, null, security);
    }
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static List<Object> list(Object value) {
        return value instanceof List<?> list ? List.copyOf(list.stream().map(Object.class::cast).toList()) : List.of();
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        object(value).forEach((key, label) -> labels.put(key, String.valueOf(label)));
        return labels;
    }

    static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
