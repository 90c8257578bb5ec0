package io.patchrun.rollout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.patchrun.container.ContainerDetails;

/**
 * Which of a set of containers depend on which (links, a shared network stack, the
 * {@code io.patchrun.depends-on} and Watchtower's {@code com.centurylinklabs.watchtower.depends-on} labels, compose's {@value #COMPOSE_DEPENDS_ON} label), split into groups that have to
 * roll over together, each sorted so that a container comes after what it depends on. Dependencies on
 * containers outside the set are not followed. Ordering is by name wherever the graph leaves a choice.
 */
final class RestartGroups {

    static final String COMPOSE_DEPENDS_ON = "com.docker.compose.depends_on";
    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final String COMPOSE_SERVICE = "com.docker.compose.service";

    /**
     * Containers that roll over together.
     *
     * @param inStartOrder the members, each after the ones it depends on (by name when there is a cycle)
     * @param cycle        the names along a dependency cycle, first repeated at the end; empty when none
     */
    record Group(List<ContainerDetails> inStartOrder, List<String> cycle) {

        Group {
            inStartOrder = List.copyOf(inStartOrder);
            cycle = List.copyOf(cycle);
        }
    }

    private final Map<String, ContainerDetails> byName = new TreeMap<>();
    private final Map<String, Set<String>> dependsOn = new TreeMap<>();

    private RestartGroups(List<ContainerDetails> containers) {
        containers.forEach(container -> byName.put(container.name(), container));
        byName.values().forEach(container -> dependsOn.put(container.name(), dependenciesOf(container)));
    }

    static List<Group> groups(List<ContainerDetails> containers) {
        return new RestartGroups(containers).groups();
    }

    private List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String name : byName.keySet()) {
            if (placed.add(name)) {
                Set<String> members = connected(name);
                placed.addAll(members);
                groups.add(sorted(members));
            }
        }
        return groups;
    }

    private Set<String> dependenciesOf(ContainerDetails container) {
        Set<String> found = new TreeSet<>();
        container.spec().wiredTo().forEach(reference -> resolve(reference).ifPresent(found::add));
        ContainerLabels.dependsOn(container).forEach(reference -> resolve(reference).ifPresent(found::add));
        for (String entry : names(container.label(COMPOSE_DEPENDS_ON))) {
            String service = entry.split(":", 2)[0];
            byName.values().stream().filter(other -> Objects.equals(other.label(COMPOSE_PROJECT), container.label(COMPOSE_PROJECT))
                    && service.equals(other.label(COMPOSE_SERVICE))).forEach(other -> found.add(other.name()));
        }
        found.remove(container.name());
        return found;
    }

    /** The member a name, id or id prefix (at least 12 characters) refers to. */
    private Optional<String> resolve(String reference) {
        String wanted = reference.startsWith("/") ? reference.substring(1) : reference;
        if (byName.containsKey(wanted)) {
            return Optional.of(wanted);
        }
        return byName.values().stream().filter(c -> c.id().equals(wanted) || (wanted.length() >= 12 && c.id().startsWith(wanted)))
                .map(ContainerDetails::name).findFirst();
    }

    private static List<String> names(String label) {
        return label == null ? List.of() : Arrays.stream(label.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Every container reachable from {@code start} along dependencies in either direction. */
    private Set<String> connected(String start) {
        Set<String> seen = new TreeSet<>(List.of(start));
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            dependsOn.forEach((other, dependencies) -> {
                boolean linked = dependencies.contains(name) || dependsOn.get(name).contains(other);
                if (linked && seen.add(other)) {
                    todo.push(other);
                }
            });
        }
        return seen;
    }

    /** Depth-first: a container is placed once everything it depends on is. */
    private Group sorted(Set<String> members) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String name : members) {
            List<String> cycle = visit(name, new LinkedHashSet<>(), done, order);
            if (!cycle.isEmpty()) {
                return new Group(members.stream().map(byName::get).sorted(Comparator.comparing(ContainerDetails::name)).toList(), cycle);
            }
        }
        return new Group(order.stream().map(byName::get).toList(), List.of());
    }

    /** @return the cycle found below {@code name}, or an empty list */
    private List<String> visit(String name, LinkedHashSet<String> path, Set<String> done, List<String> order) {
        if (done.contains(name)) {
            return List.of();
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.stream().dropWhile(n -> !n.equals(name)).toList());
            cycle.add(name);
            return cycle;
        }
        path.add(name);
        for (String dependency : dependsOn.get(name)) {
            List<String> cycle = visit(dependency, path, done, order);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(name);
        done.add(name);
        order.add(name);
        return List.of();
    }
}
