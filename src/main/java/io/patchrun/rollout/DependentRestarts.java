package io.patchrun.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.Containers;

/**
 * Restarts the running containers that say, with a depends-on label ({@code io.patchrun.depends-on} or Watchtower's
 * {@code com.centurylinklabs.watchtower.depends-on}, comma-separated names), that they depend on a container a rollout
 * moved to a new image, and those that depend on them in turn: Watchtower's meaning of the label. Containers of the
 * rollout itself are not restarted here (their restart group orders them). A dependent is restarted once the container
 * it depends on has passed and been kept, so nothing is restarted for a rollover that was undone; it keeps its own image
 * and configuration. Its labels are honoured as a rollover's would be: one labelled {@code enable=false}, or monitored
 * only, is left running. What was restarted, or why not, is noted on the result of the container it depends on.
 */
final class DependentRestarts {

    private final Containers containers;
    private final HealthGate gate;

    DependentRestarts(Containers containers, HealthGate gate) {
        this.containers = containers;
        this.gate = gate;
    }

    /**
     * @param results  every result of the rollout, by container name order; the containers moved to a new image trigger restarts
     * @param policies the policy each rolled-over container was rolled over with, by name: its dependents stop within its
     *                 stop timeout and follow its {@code containers:} choice
     * @return the results, those whose container has dependents with a note on what happened to them
     */
    List<RolloverResult> restart(List<RolloverResult> results, Map<String, RolloutPolicy> policies) {
        Map<String, RolloverResult> replaced = new LinkedHashMap<>();
        results.stream().filter(DependentRestarts::movedToNewImage).forEach(r -> replaced.put(r.container(), r));
        if (replaced.isEmpty()) {
            return results;
        }
        Map<String, List<String>> notes = new LinkedHashMap<>();
        try {
            Set<String> involved = new TreeSet<>();
            results.forEach(r -> involved.add(r.container()));
            restart(dependents(replaced.keySet(), involved), policies, notes);
        } catch (RuntimeException e) {
            replaced.keySet().forEach(name -> notes.computeIfAbsent(name, n -> new ArrayList<>())
                    .add("looking for containers that depend on it failed: " + StepFailure.reason(e)));
        }
        return results.stream().map(r -> notes.containsKey(r.container()) ? r.withNote(String.join("; ", notes.get(r.container()))) : r)
                .toList();
    }

    private static boolean movedToNewImage(RolloverResult result) {
        return result.status() == RolloverResult.Status.DEPLOYED && result.newImageId() != null
                && !result.newImageId().equals(result.oldImageId());
    }

    /** A container to restart, and the rolled-over container it (perhaps through others) depends on. */
    private record Dependent(ContainerDetails container, String root) {
    }

    /** The running containers that depend on {@code replaced}, directly or through each other, each after what it depends on. */
    private List<Dependent> dependents(Set<String> replaced, Set<String> involved) {
        Map<String, ContainerDetails> candidates = new LinkedHashMap<>();
        Set<String> labelled = new TreeSet<>(containers.runningWithLabel(ContainerLabels.DEPENDS_ON));
        labelled.addAll(containers.runningWithLabel(ContainerLabels.WATCHTOWER_DEPENDS_ON));
        for (String name : labelled) {
            if (!involved.contains(name)) {
                lookUp(name).ifPresent(details -> candidates.put(details.name(), details));
            }
        }
        Map<String, String> rootOf = new LinkedHashMap<>();
        replaced.forEach(name -> rootOf.put(name, name));
        List<Dependent> found = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ContainerDetails candidate : candidates.values()) {
                if (rootOf.containsKey(candidate.name())) {
                    continue;
                }
                Optional<String> dependency = ContainerLabels.dependsOn(candidate).stream().filter(rootOf::containsKey).findFirst();
                if (dependency.isPresent()) {
                    rootOf.put(candidate.name(), rootOf.get(dependency.get()));
                    found.add(new Dependent(candidate, rootOf.get(dependency.get())));
                    grew = true;
                }
            }
        }
        return found;
    }

    private Optional<ContainerDetails> lookUp(String name) {
        try {
            return Optional.of(containers.inspect(name));
        } catch (ContainerNotFoundException e) {
            // Gone since it was listed: nothing to restart.
            return Optional.empty();
        }
    }

    /** Stops the dependents that may be restarted, last first, then starts them, first first. */
    private void restart(List<Dependent> dependents, Map<String, RolloutPolicy> policies, Map<String, List<String>> notes) {
        List<Dependent> stopped = new ArrayList<>();
        List<Dependent> reversed = new ArrayList<>(dependents);
        Collections.reverse(reversed);
        for (Dependent dependent : reversed) {
            RolloutPolicy policy = policies.get(dependent.root());
            String name = dependent.container().name();
            Optional<String> skip = ContainerLabels.skipReason(dependent.container(), policy.labelledOnly(), Hooks.NONE);
            if (skip.isPresent()) {
                note(notes, dependent, "did not restart " + name + ", which depends on it, because " + skip.get());
                continue;
            }
            try {
                stop(dependent.container(), policy.stopTimeout());
                stopped.add(0, dependent);
            } catch (RuntimeException e) {
                note(notes, dependent, "restarting " + name + ", which depends on it, failed: " + StepFailure.reason(e));
            }
        }
        for (Dependent dependent : stopped) {
            String name = dependent.container().name();
            try {
                containers.start(dependent.container().id());
                gate.awaitRunning(dependent.container().id(), name, policies.get(dependent.root()));
                note(notes, dependent, "restarted " + name + ", which depends on it");
            } catch (RuntimeException e) {
                note(notes, dependent, "restarting " + name + ", which depends on it, failed: " + StepFailure.reason(e));
            }
        }
    }

    /** As a stop does, but with the signal its labels ask for: the signal, its stop timeout to exit, then a kill. */
    private void stop(ContainerDetails container, Duration timeout) {
        containers.signal(container.id(), ContainerLabels.stopSignal(container));
        if (!containers.awaitStopped(container.id(), timeout)) {
            containers.stop(container.id(), Duration.ZERO);
        }
    }

    private static void note(Map<String, List<String>> notes, Dependent dependent, String note) {
        notes.computeIfAbsent(dependent.root(), n -> new ArrayList<>()).add(note);
    }
}
