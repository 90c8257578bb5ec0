package io.patchrun.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;

/**
 * What the engine calls of a patch run take with nothing in between, from the durations the run recorded.
 *
 * <p>{@link #longestChain}: the longest chain of builds through the dependency tree, each build starting the
 * moment its parent's ends, plus the rollover of the image the chain ends in. No run can be shorter, whatever
 * the parallelism. {@link #schedule}: the same durations played through the run's limits (so many builds and
 * so many image rollouts at a time) with no time between one call ending and the next starting, in the order
 * Patchrun picks work (ready builds by name, rollouts first come, first served). A run slower than that spent
 * the difference on itself.
 */
final class CriticalPath {

    /** The longest chain: its images, parent first, the sum of their builds, and the rollover at its end. */
    record Chain(List<String> images, Duration builds, Duration rollover) {

        Duration total() {
            return builds.plus(rollover);
        }
    }

    private CriticalPath() {
    }

    /**
     * @param parents   image -> the images of the run it is built on
     * @param builds    image -> how long its build took
     * @param rollovers image -> how long rolling its containers over took; images with no containers are absent
     */
    static Chain longestChain(Map<String, Set<String>> parents, Map<String, Duration> builds, Map<String, Duration> rollovers) {
        Map<String, Duration> builtAfter = new HashMap<>();
        Map<String, String> slowestParent = new HashMap<>();
        for (String image : topological(parents)) {
            Duration before = Duration.ZERO;
            for (String parent : parents.get(image)) {
                if (builtAfter.get(parent).compareTo(before) > 0) {
                    before = builtAfter.get(parent);
                    slowestParent.put(image, parent);
                }
            }
            builtAfter.put(image, before.plus(builds.get(image)));
        }
        String end = parents.keySet().stream().max(Comparator.comparing((String image) -> builtAfter.get(image)
                .plus(rollovers.getOrDefault(image, Duration.ZERO))).thenComparing(Comparator.reverseOrder())).orElseThrow();
        List<String> chain = new ArrayList<>();
        for (String image = end; image != null; image = slowestParent.get(image)) {
            chain.add(image);
        }
        Collections.reverse(chain);
        return new Chain(chain, builtAfter.get(end), rollovers.getOrDefault(end, Duration.ZERO));
    }

    /** How long the run takes when every call starts the moment its inputs and a slot are there; see the class comment. */
    static Duration schedule(Map<String, Set<String>> parents, Map<String, Duration> builds, Map<String, Duration> rollovers,
                             int buildSlots, int rolloutSlots) {
        record Event(Duration at, String image, boolean build) {
        }
        PriorityQueue<Event> running = new PriorityQueue<>(Comparator.comparing(Event::at).thenComparing(Event::image));
        Queue<String> readyBuilds = new PriorityQueue<>();
        Queue<String> readyRollouts = new ArrayDeque<>();
        Set<String> built = new HashSet<>();
        parents.forEach((image, of) -> {
            if (of.isEmpty()) {
                readyBuilds.add(image);
            }
        });
        int buildsRunning = 0;
        int rolloutsRunning = 0;
        Duration now = Duration.ZERO;
        while (true) {
            for (; buildsRunning < buildSlots && !readyBuilds.isEmpty(); buildsRunning++) {
                String image = readyBuilds.poll();
                running.add(new Event(now.plus(builds.get(image)), image, true));
            }
            for (; rolloutsRunning < rolloutSlots && !readyRollouts.isEmpty(); rolloutsRunning++) {
                String image = readyRollouts.poll();
                running.add(new Event(now.plus(rollovers.get(image)), image, false));
            }
            Event next = running.poll();
            if (next == null) {
                return now;
            }
            now = next.at();
            if (!next.build()) {
                rolloutsRunning--;
                continue;
            }
            buildsRunning--;
            built.add(next.image());
            if (rollovers.containsKey(next.image())) {
                readyRollouts.add(next.image());
            }
            parents.forEach((image, of) -> {
                if (of.contains(next.image()) && built.containsAll(of)) {
                    readyBuilds.add(image);
                }
            });
        }
    }

    private static List<String> topological(Map<String, Set<String>> parents) {
        List<String> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(parents.keySet());
        int sinceProgress = 0;
        while (!todo.isEmpty()) {
            String image = todo.poll();
            if (placed.containsAll(parents.get(image))) {
                order.add(image);
                placed.add(image);
                sinceProgress = 0;
            } else if (++sinceProgress > todo.size()) {
                throw new IllegalArgumentException("the images form a cycle or name a parent that is not among them: " + todo);
            } else {
                todo.add(image);
            }
        }
        return order;
    }
}
