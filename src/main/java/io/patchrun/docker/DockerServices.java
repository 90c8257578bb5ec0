package io.patchrun.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;

import io.patchrun.container.HostAccess;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;
import io.patchrun.service.ServiceException;
import io.patchrun.service.ServiceTask;
import io.patchrun.service.Services;
import io.patchrun.service.SwarmService;
import io.patchrun.service.UpdateProgress;
import io.patchrun.service.UpdateSettings;

/**
 * The Swarm services of one engine, through its API with raw JSON: a service is updated with its spec exactly as the
 * engine reported it, only the image and the update settings changed, where docker-java's typed model would drop
 * what it does not know ({@code CapabilityAdd}, {@code Ulimits}, ...). Made from one {@link DockerClient}, so each
 * engine has its own.
 */
final class DockerServices implements Services {

    private final DockerClient docker;
    private final EngineRequests engine;

    DockerServices(DockerClient docker) {
        this.docker = docker;
        this.engine = EngineRequests.of(docker);
    }

    @Override
    public List<SwarmService> list() {
        if (!manager()) {
            return List.of();
        }
        List<SwarmService> services = new ArrayList<>();
        for (Object service : list(call("list the swarm's services", () -> engine.get("/services")))) {
            services.add(service(object(service)));
        }
        return services;
    }

    /** Whether the engine manages a swarm: only then does it answer for services. */
    private boolean manager() {
        Info info = call("ask the engine whether it manages a swarm", () -> docker.infoCmd().exec());
        return info.getSwarm() != null && Boolean.TRUE.equals(info.getSwarm().getControlAvailable());
    }

    @Override
    public SwarmService inspect(String id) {
        return service(object(call("inspect service " + id, () -> engine.get("/services/" + encode(id)))));
    }

    @Override
    public void update(String id, long version, String image, UpdateSettings settings) {
        Map<String, Object> service = object(call("inspect service " + id, () -> engine.get("/services/" + encode(id))));
        Map<String, Object> spec = new LinkedHashMap<>(object(service.get("Spec")));
        Map<String, Object> task = new LinkedHashMap<>(object(spec.get("TaskTemplate")));
        Map<String, Object> container = new LinkedHashMap<>(object(task.get("ContainerSpec")));
        container.put("Image", image);
        task.put("ContainerSpec", container);
        spec.put("TaskTemplate", task);
        spec.put("UpdateConfig", merged(object(spec.get("UpdateConfig")), settings, settings.failureAction().name().toLowerCase()));
        if (spec.get("RollbackConfig") == null) {
            // Swarm rolls back stop-first unless told otherwise: that would take the old task down before its return.
            spec.put("RollbackConfig", merged(Map.of(), settings, "pause"));
        }
        String name = String.valueOf(spec.get("Name"));
        call("update service " + name + " to " + image,
                () -> engine.post("/services/" + encode(id) + "/update?version=" + version, spec));
    }

    private static Map<String, Object> merged(Map<String, Object> own, UpdateSettings settings, String failureAction) {
        Map<String, Object> config = new LinkedHashMap<>(own);
        config.put("Parallelism", settings.parallelism());
        config.put("FailureAction", failureAction);
        config.put("Monitor", settings.monitor().toNanos());
        config.put("Order", settings.order() == UpdateSettings.Order.START_FIRST ? "start-first" : "stop-first");
        return config;
    }

    @Override
    public List<ServiceTask> tasks(String id) {
        String filter = encode("{\"service\":[\"" + id + "\"]}");
        List<ServiceTask> tasks = new ArrayList<>();
        for (Object entry : list(call("list the tasks of service " + id, () -> engine.get("/tasks?filters=" + filter)))) {
            Map<String, Object> task = object(entry);
            Map<String, Object> status = object(task.get("Status"));
            String err = text(status.get("Err"));
            String message = text(status.get("Message"));
            tasks.add(new ServiceTask(text(task.get("ID")), text(object(object(task.get("Spec")).get("ContainerSpec")).get("Image")),
                    text(status.get("State")), text(task.get("DesiredState")), err.isEmpty() ? message : err + " (" + message + ")"));
        }
        return tasks;
    }

    @Override
    public Optional<String> pinned(ImageRef pushed) {
        List<String> digests;
        try {
            digests = docker.inspectImageCmd(pushed.toString()).exec().getRepoDigests();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new ServiceException("inspect of image " + pushed + " failed: " + DockerErrors.reason(e), e);
        }
        for (String repoDigest : digests == null ? List.<String>of() : digests) {
            try {
                ImageRef ref = ImageRef.parse(repoDigest);
                if (ref.sameName(pushed) && ref.digest() != null) {
                    return Optional.of(pushed.withDigest(Digest.of(ref.digest().value())).toString());
                }
            } catch (InvalidReferenceException e) {
                // The engine lists only valid references; one it could not parse is no push of this name.
            }
        }
        return Optional.empty();
    }

    private static SwarmService service(Map<String, Object> service) {
        Map<String, Object> spec = object(service.get("Spec"));
        Map<String, Object> container = object(object(spec.get("TaskTemplate")).get("ContainerSpec"));
        Map<String, Object> replicated = object(object(spec.get("Mode")).get("Replicated"));
        Integer replicas = replicated.get("Replicas") instanceof Number number ? number.intValue()
                : object(spec.get("Mode")).containsKey("Global") ? null : 1;
        return new SwarmService(text(service.get("ID")), text(spec.get("Name")), text(container.get("Image")), strings(spec.get("Labels")),
                object(service.get("Version")).get("Index") instanceof Number index ? index.longValue() : 0L, progress(service.get("UpdateStatus")),
                settings(spec.get("UpdateConfig")), replicas, container.get("Healthcheck") != null, access(container));
    }

    private static UpdateProgress progress(Object value) {
        Map<String, Object> status = object(value);
        String state = text(status.get("State"));
        if (state.isEmpty()) {
            return null;
        }
        return new UpdateProgress(UpdateProgress.State.valueOf(state.toUpperCase()), text(status.get("Message")), text(status.get("StartedAt")));
    }

    private static UpdateSettings settings(Object value) {
        if (value == null) {
            return null;
        }
        Map<String, Object> config = object(value);
        String order = text(config.get("Order"));
        String action = text(config.get("FailureAction"));
        return new UpdateSettings("start-first".equals(order) ? UpdateSettings.Order.START_FIRST : UpdateSettings.Order.STOP_FIRST,
                action.isEmpty() ? UpdateSettings.FailureAction.PAUSE : UpdateSettings.FailureAction.valueOf(action.toUpperCase()),
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

    private static <T> T call(String doing, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new ServiceException(doing + " failed: " + DockerErrors.reason(e), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> list ? List.copyOf(list.stream().map(Object.class::cast).toList()) : List.of();
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        object(value).forEach((key, label) -> labels.put(key, String.valueOf(label)));
        return labels;
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
