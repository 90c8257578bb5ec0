package io.patchrun.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;
import io.patchrun.service.ServiceException;
import io.patchrun.service.ServiceTask;
import io.patchrun.service.Services;
import io.patchrun.service.SwarmService;
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
        for (Object service : ServiceJson.list(call("list the swarm's services", () -> engine.get("/services")))) {
            services.add(ServiceJson.service(ServiceJson.object(service)));
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
        return ServiceJson.service(ServiceJson.object(call("inspect service " + id, () -> engine.get("/services/" + encode(id)))));
    }

    @Override
    public void update(String id, long version, String image, UpdateSettings settings) {
        Map<String, Object> service = ServiceJson.object(call("inspect service " + id, () -> engine.get("/services/" + encode(id))));
        Map<String, Object> spec = new LinkedHashMap<>(ServiceJson.object(service.get("Spec")));
        Map<String, Object> task = new LinkedHashMap<>(ServiceJson.object(spec.get("TaskTemplate")));
        Map<String, Object> container = new LinkedHashMap<>(ServiceJson.object(task.get("ContainerSpec")));
        container.put("Image", image);
        task.put("ContainerSpec", container);
        spec.put("TaskTemplate", task);
        spec.put("UpdateConfig", merged(ServiceJson.object(spec.get("UpdateConfig")), settings, settings.failureAction().name().toLowerCase(Locale.ROOT)));
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
        for (Object entry : ServiceJson.list(call("list the tasks of service " + id, () -> engine.get("/tasks?filters=" + filter)))) {
            Map<String, Object> task = ServiceJson.object(entry);
            Map<String, Object> status = ServiceJson.object(task.get("Status"));
            String err = ServiceJson.text(status.get("Err"));
            String message = ServiceJson.text(status.get("Message"));
            tasks.add(new ServiceTask(ServiceJson.text(task.get("ID")), ServiceJson.text(ServiceJson.object(ServiceJson.object(task.get("Spec")).get("ContainerSpec")).get("Image")),
                    ServiceJson.text(status.get("State")), ServiceJson.text(task.get("DesiredState")), err.isEmpty() ? message : err + " (" + message + ")"));
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


    private static <T> T call(String doing, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new ServiceException(doing + " failed: " + DockerErrors.reason(e), e);
        }
    }


    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
