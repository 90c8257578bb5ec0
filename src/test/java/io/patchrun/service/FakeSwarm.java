package io.patchrun.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.patchrun.container.HostAccess;
import io.patchrun.image.ImageRef;

/**
 * A swarm in memory: services with a spec version, and a script of how Swarm settles each update (completed, rolled
 * back, paused, or never). A completed update replaces the service's tasks with running tasks of the new image unless
 * told they do not run; a rolled back one leaves the service on its old image.
 */
class FakeSwarm implements Services {

    enum Verdict { COMPLETED, COMPLETED_BUT_NOT_RUNNING, ROLLED_BACK, PAUSED, NEVER }

    record Update(String service, String image, UpdateSettings settings) {
    }

    private final Map<String, SwarmService> services = new LinkedHashMap<>();
    private final Map<String, List<ServiceTask>> tasks = new LinkedHashMap<>();
    private final Map<String, String> pushed = new LinkedHashMap<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    final List<Update> updates = new ArrayList<>();
    private int updateCount;

    FakeSwarm service(String name, String image, Map<String, String> labels, UpdateSettings own, HostAccess access) {
        SwarmService service = new SwarmService("id-" + name, name, image, labels, 10, null, own, 1, access);
        services.put(service.id(), service);
        tasks.put(service.id(), List.of(new ServiceTask("t-" + name + "-0", image, "running", "running", "started")));
        return this;
    }

    FakeSwarm service(String name, String image) {
        return service(name, image, Map.of(), null, HostAccess.NONE);
    }

    FakeSwarm pushed(String tagged, String digest) {
        pushed.put(tagged, digest);
        return this;
    }

    /** How the next updates settle, in order; once the script is used up, they complete. */
    FakeSwarm settles(Verdict... next) {
        verdicts.addAll(List.of(next));
        return this;
    }

    @Override
    public List<SwarmService> list() {
        return List.copyOf(services.values());
    }

    @Override
    public SwarmService inspect(String id) {
        SwarmService service = services.get(id);
        if (service == null) {
            throw new ServiceException("inspect service " + id + " failed: no such service", null);
        }
        return service;
    }

    @Override
    public void update(String id, long version, String image, UpdateSettings settings) {
        SwarmService service = inspect(id);
        if (version != service.version()) {
            throw new ServiceException("update service " + service.name() + " failed: update out of sequence", null);
        }
        updates.add(new Update(service.name(), image, settings));
        Verdict verdict = verdicts.isEmpty() ? Verdict.COMPLETED : verdicts.remove(0);
        String startedAt = "t" + (++updateCount);
        String now = verdict == Verdict.ROLLED_BACK ? service.image() : image;
        UpdateProgress progress = switch (verdict) {
            case COMPLETED, COMPLETED_BUT_NOT_RUNNING -> new UpdateProgress(UpdateProgress.State.COMPLETED, "update completed", startedAt);
            case ROLLED_BACK -> new UpdateProgress(UpdateProgress.State.ROLLBACK_COMPLETED,
                    "rollback completed: update rolled back due to failure or early termination of task x", startedAt);
            case PAUSED -> new UpdateProgress(UpdateProgress.State.PAUSED, "update paused due to failure or early termination of task x", startedAt);
            case NEVER -> new UpdateProgress(UpdateProgress.State.UPDATING, "update in progress", startedAt);
        };
        services.put(id, new SwarmService(id, service.name(), now, service.labels(), version + 1, progress, service.own(), service.replicas(),
                service.access()));
        String state = verdict == Verdict.COMPLETED_BUT_NOT_RUNNING ? "starting" : "running";
        tasks.put(id, List.of(new ServiceTask("t-" + service.name() + "-" + updateCount, now, state, "running", state)));
    }

    @Override
    public List<ServiceTask> tasks(String id) {
        return tasks.getOrDefault(id, List.of());
    }

    @Override
    public Optional<String> pinned(ImageRef image) {
        return Optional.ofNullable(pushed.get(image.toString())).map(digest -> image + "@" + digest);
    }

    String image(String name) {
        return inspect("id-" + name).image();
    }
}
