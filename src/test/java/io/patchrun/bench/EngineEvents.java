package io.patchrun.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

/**
 * The engine's own account of how containers were replaced while it was listened to, with its timestamps:
 * when each old container got SIGTERM, died, was stopped (its network torn down, the stop call answered),
 * and when the container that took its name started. Tells where an outage's time went.
 */
final class EngineEvents implements AutoCloseable {

    /** A suffix Patchrun gives a container for the time it is not under its own name. */
    private static final String TEMPORARY_NAME = "-patchrun-(old|new)-[0-9a-f]+$";

    /**
     * One container replaced: the phases from the old one's SIGTERM to the new one's start, and from there to
     * the old one's removal ({@code null} when it was removed before the new one started).
     */
    record Replacement(String container, Duration termToDeath, Duration deathToStopped, Duration stoppedToStarted,
                       Duration startedToRemoved) {

        /** From the moment the old process was gone until the new one was started. */
        Duration deathToStarted() {
            return deathToStopped.plus(stoppedToStarted);
        }
    }

    private record Seen(long nanos, String action, String id, String name, String signal) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final ResultCallback.Adapter<Event> callback;

    private EngineEvents(DockerClient docker, Map<String, String> labels) {
        callback = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withLabelFilter(labels)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                                ? Map.of() : event.getActor().getAttributes();
                        synchronized (seen) {
                            seen.add(new Seen(event.getTimeNano(), event.getAction(), event.getActor() == null ? event.getId()
                                    : event.getActor().getId(), attributes.getOrDefault("name", ""), attributes.get("signal")));
                        }
                    }
                });
    }

    /** Starts listening to the events of containers with all of {@code labels}. */
    static EngineEvents listen(DockerClient docker, Map<String, String> labels) {
        return new EngineEvents(docker, labels);
    }

    /** How each of {@code containers} was replaced; a container with no complete replacement in the events is left out. */
    List<Replacement> replacements(Collection<String> containers) {
        List<Seen> events;
        synchronized (seen) {
            events = seen.stream().sorted(Comparator.comparingLong(Seen::nanos)).toList();
        }
        List<Replacement> replacements = new ArrayList<>();
        for (String container : containers) {
            List<Seen> mine = events.stream().filter(e -> e.name().replaceAll(TEMPORARY_NAME, "").equals(container)).toList();
            replacement(container, mine).ifPresent(replacements::add);
        }
        return replacements;
    }

    private static Optional<Replacement> replacement(String container, List<Seen> events) {
        Optional<Seen> term = events.stream().filter(e -> e.action().equals("kill") && "15".equals(e.signal())).findFirst();
        if (term.isEmpty()) {
            return Optional.empty();
        }
        String old = term.get().id();
        Optional<Seen> died = after(events, term.get(), e -> e.id().equals(old) && e.action().equals("die"));
        Optional<Seen> stopped = died.flatMap(d -> after(events, d, e -> e.id().equals(old) && e.action().equals("stop")));
        Optional<Seen> started = stopped.flatMap(s -> after(events, s, e -> !e.id().equals(old) && e.action().equals("start")));
        if (started.isEmpty()) {
            return Optional.empty();
        }
        Optional<Seen> removed = after(events, started.get(), e -> e.id().equals(old) && e.action().equals("destroy"));
        return Optional.of(new Replacement(container, between(term.get(), died.get()), between(died.get(), stopped.get()),
                between(stopped.get(), started.get()), removed.map(r -> between(started.get(), r)).orElse(null)));
    }

    private static Optional<Seen> after(List<Seen> events, Seen from, Predicate<Seen> matches) {
        return events.stream().filter(e -> e.nanos() >= from.nanos() && matches.test(e)).findFirst();
    }

    private static Duration between(Seen from, Seen to) {
        return Duration.ofNanos(to.nanos() - from.nanos());
    }

    @Override
    public void close() {
        try {
            callback.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop listening to the engine's events", e);
        }
    }
}
