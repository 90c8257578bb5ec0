package io.patchrun.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.ExecResult;
import io.patchrun.container.HostAccess;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.MutableClock;

/**
 * An engine in memory: images with a behaviour that decides how their containers fare once started, and
 * containers that remember the spec they were created from. Every operation is written to {@link #events()}
 * with the container's name at that moment; an operation can be made to fail. A container created with
 * {@code autoRemove} ({@code --rm}) is gone as soon as it stops, as on the real engine.
 */
final class FakeEngine implements Containers {

    /** How the containers of an image fare; {@code UNHEALTHY_WITH_FAIL_SET}: unhealthy where the container sets {@code FAIL=1}, else healthy. */
    enum Behaviour { RUNS, EXITS, EXITS_AFTER_HALF_A_SECOND, HEALTHY, UNHEALTHY, STAYS_STARTING, UNHEALTHY_WITH_FAIL_SET }

    static final class Box {
        final String id;
        String name;
        final String imageId;
        final ContainerSpec spec;
        ContainerState.Status status = ContainerState.Status.CREATED;
        Instant startedAt;
        Instant signalledAt;
        /** What the engine would report that a replacement cannot get, as {@link ContainerDetails#notCarriedOver()}. */
        List<String> notCarriedOver = List.of();
        /** What the container may reach of the host, as the policy gate reads it. */
        HostAccess access = HostAccess.NONE;

        Box(String id, String name, String imageId, ContainerSpec spec) {
            this.id = id;
            this.name = name;
            this.imageId = imageId;
            this.spec = spec;
        }
    }

    private final MutableClock clock;
    private final Map<String, ImageInfo> images = new LinkedHashMap<>();
    private final Map<String, Behaviour> behaviours = new HashMap<>();
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> deaths = new ArrayList<>();
    private final Map<String, ExecResult> execAnswers = new HashMap<>();
    private Duration stopTakes = Duration.ZERO;
    private int nextId = 1;

    FakeEngine(MutableClock clock) {
        this.clock = clock;
    }

    synchronized ImageInfo image(String reference, ImageConfig defaults, Behaviour behaviour) {
        String id = "sha256:" + String.format("%064x", images.size() + 1);
        ImageInfo image = new ImageInfo(id, List.of(reference), defaults);
        images.put(reference, image);
        images.put(id, image);
        behaviours.put(id, behaviour);
        return image;
    }

    /** A running container of {@code image}, created from {@code spec}. */
    synchronized Box run(String name, ImageInfo image, ContainerSpec spec) {
        Box box = new Box(newId(), name, image.id(), spec);
        box.status = ContainerState.Status.RUNNING;
        boxes.put(box.id, box);
        return box;
    }

    /** A container as a stopped process left it: created or exited, under any name. */
    synchronized Box leave(String name, ImageInfo image, ContainerSpec spec, ContainerState.Status status) {
        Box box = new Box(newId(), name, image.id(), spec);
        box.status = status;
        boxes.put(box.id, box);
        return box;
    }

    /** Makes the next operation whose event starts with {@code eventPrefix} fail with {@code reason}. */
    synchronized void failOn(String eventPrefix, String reason) {
        failOn(eventPrefix, 0, reason);
    }

    /** Lets {@code passes} operations whose event starts with {@code eventPrefix} go through, then fails the next. */
    synchronized void failOn(String eventPrefix, int passes, String reason) {
        failures.add(new Failure(eventPrefix, passes, reason));
    }

    /** The process driving this engine dies just before the operation whose event starts with {@code eventPrefix}. */
    synchronized void dieOn(String eventPrefix) {
        deaths.add(eventPrefix);
    }

    synchronized void stopTakes(Duration duration) {
        stopTakes = duration;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized void event(String event) {
        events.add(event);
    }

    synchronized List<Box> boxes() {
        return List.copyOf(boxes.values());
    }

    synchronized Box named(String name) {
        return boxes.values().stream().filter(box -> box.name.equals(name)).findFirst().orElseThrow(() -> new AssertionError("no container " + name));
    }

    @Override
    public synchronized List<String> runningOf(ImageRef image) {
        return boxes.values().stream().filter(box -> box.status == ContainerState.Status.RUNNING)
                .filter(box -> images.get(box.imageId).repoTags().stream().anyMatch(tag -> ImageRef.parse(tag).sameName(image)))
                .map(box -> box.name).sorted().toList();
    }

    @Override
    public synchronized List<String> runningWithLabel(String key) {
        return boxes.values().stream().filter(box -> box.status == ContainerState.Status.RUNNING)
                .filter(box -> box.spec.config().labels().containsKey(key)).map(box -> box.name).sorted().toList();
    }

    @Override
    public synchronized ContainerDetails inspect(String container) {
        Box box = find(container);
        return new ContainerDetails(box.id, box.name, box.imageId, box.spec, state(container), List.of(), box.notCarriedOver, box.access);
    }

    @Override
    public synchronized Optional<ImageInfo> inspectImage(String reference) {
        return Optional.ofNullable(images.get(reference));
    }

    @Override
    public synchronized String create(String name, ContainerSpec spec) {
        act("create " + name);
        ImageInfo image = images.get(spec.image());
        if (image == null) {
            throw new ContainerOperationException("no image " + spec.image());
        }
        Box box = new Box(newId(), name, image.id(), spec);
        boxes.put(box.id, box);
        return box.id;
    }

    @Override
    public synchronized void rename(String container, String newName) {
        Box box = find(container);
        String event = "rename " + box.name + " -> " + newName;
        act(event);
        if (boxes.values().stream().anyMatch(other -> other.name.equals(newName))) {
            throw new ContainerOperationException(event + " failed: name " + newName + " is in use");
        }
        box.name = newName;
    }

    @Override
    public synchronized void stop(String container, Duration timeout) {
        Box box = find(container);
        act("stop " + box.name);
        if (box.status == ContainerState.Status.RUNNING) {
            clock.advance(timeout.compareTo(stopTakes) < 0 ? timeout : stopTakes);
            exited(box);
        }
    }

    /** The process ended: the container stays, exited, unless it was started with --rm. */
    private void exited(Box box) {
        box.status = ContainerState.Status.EXITED;
        if (box.spec.autoRemove()) {
            events.add("engine removes " + box.name);
            boxes.remove(box.id);
        }
    }

    @Override
    public synchronized void signal(String container, String signal) {
        Box box = find(container);
        act("signal " + box.name + " " + signal);
        box.signalledAt = clock.instant();
    }

    /** A running container exits {@code stopTakes} after it was signalled, or the wait ends at {@code timeout}. */
    @Override
    public synchronized boolean awaitStopped(String container, Duration timeout) {
        Box box = find(container);
        if (box.status != ContainerState.Status.RUNNING) {
            return true;
        }
        Instant exits = (box.signalledAt == null ? clock.instant() : box.signalledAt).plus(stopTakes);
        Instant deadline = clock.instant().plus(timeout);
        if (exits.isAfter(deadline)) {
            clock.advance(timeout);
            return false;
        }
        if (exits.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), exits));
        }
        exited(box);
        return true;
    }

    @Override
    public synchronized void start(String container) {
        Box box = find(container);
        act("start " + box.name);
        box.status = ContainerState.Status.RUNNING;
        box.startedAt = clock.instant();
        if (behaviours.get(box.imageId) == Behaviour.EXITS) {
            exited(box);
        }
    }

    @Override
    public synchronized void remove(String container) {
        Box box = find(container);
        act("remove " + box.name);
        boxes.remove(box.id);
    }

    @Override
    public synchronized ContainerState state(String container) {
        Box box = find(container);
        if (behaviours.get(box.imageId) == Behaviour.EXITS_AFTER_HALF_A_SECOND && box.status == ContainerState.Status.RUNNING
                && !clock.instant().isBefore(box.startedAt.plusMillis(500))) {
            exited(box);
            box = find(container);
        }
        ContainerState.Health health = switch (behaviours.get(box.imageId)) {
            case HEALTHY -> ContainerState.Health.HEALTHY;
            case UNHEALTHY -> ContainerState.Health.UNHEALTHY;
            case STAYS_STARTING -> ContainerState.Health.STARTING;
            case UNHEALTHY_WITH_FAIL_SET -> box.spec.config().env().contains("FAIL=1") ? ContainerState.Health.UNHEALTHY : ContainerState.Health.HEALTHY;
            default -> ContainerState.Health.NONE;
        };
        boolean exited = box.status == ContainerState.Status.EXITED;
        return new ContainerState(box.status, health, exited ? 1 : null, 0, null, null,
                health == ContainerState.Health.NONE ? null : "check says " + health.name().toLowerCase());
    }

    @Override
    public synchronized List<String> logTail(String container, int lines) {
        return List.of("starting", "boom: cannot open /data");
    }

    /** Makes every command run in a container named {@code name} answer {@code result}; others exit 0 with no output. */
    synchronized void execAnswers(String name, ExecResult result) {
        execAnswers.put(name, result);
    }

    /** Runs nothing: writes the command down and answers what {@link #execAnswers} set for the container's name. */
    @Override
    public synchronized ExecResult exec(String container, List<String> command, Duration timeout) {
        Box box = find(container);
        act("exec " + box.name + " " + String.join(" ", command));
        if (box.status != ContainerState.Status.RUNNING) {
            throw new ContainerOperationException("running " + command + " in container " + box.name + " failed: container is not running");
        }
        ExecResult result = execAnswers.getOrDefault(box.name, new ExecResult(true, 0, ""));
        if (!result.finished() && timeout != null) {
            clock.advance(timeout);
        }
        return result;
    }

    private void act(String event) {
        if (deaths.stream().anyMatch(event::startsWith)) {
            throw new MemoryJournal.Crash("died before " + event);
        }
        events.add(event);
        for (Failure failure : failures) {
            if (event.startsWith(failure.prefix)) {
                if (failure.passes-- == 0) {
                    failures.remove(failure);
                    throw new ContainerOperationException(event + " failed: " + failure.reason);
                }
                return;
            }
        }
    }

    private static final class Failure {
        final String prefix;
        int passes;
        final String reason;

        Failure(String prefix, int passes, String reason) {
            this.prefix = prefix;
            this.passes = passes;
            this.reason = reason;
        }
    }

    private Box find(String container) {
        Box box = boxes.get(container);
        if (box != null) {
            return box;
        }
        return boxes.values().stream().filter(b -> b.name.equals(container)).findFirst()
                .orElseThrow(() -> new ContainerNotFoundException("no container " + container));
    }

    private String newId() {
        return String.format("%064x", 0xc0ffee00L + nextId++);
    }
}
