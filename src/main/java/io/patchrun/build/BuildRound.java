package io.patchrun.build;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * One call of {@link BuildScheduler#run}. All bookkeeping happens on the calling thread: workers only
 * report back through a queue, so the state needs no locks and a serial executor cannot recurse.
 */
final class BuildRound {

    private record Finished(String image, Outcome outcome) {
    }

    private final BuildGraph graph;
    private final Executor executor;
    private final int bound;
    private final Function<String, Outcome> build;
    private final BuildListener listener;
    private final Queue<String> ready = new PriorityQueue<>();
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final Map<String, Outcome> outcomes = new TreeMap<>();
    private int running;

    BuildRound(BuildGraph graph, Executor executor, int bound, Function<String, Outcome> build, BuildListener listener) {
        this.graph = graph;
        this.executor = executor;
        this.bound = bound;
        this.build = build;
        this.listener = listener;
    }

    Map<String, Outcome> run() throws InterruptedException {
        ready.addAll(graph.roots());
        while (outcomes.size() < graph.images().size()) {
            startReady();
            Finished done = finished.take();
            running--;
            settle(done.image(), done.outcome());
        }
        return Collections.unmodifiableMap(outcomes);
    }

    private void startReady() {
        while (running < bound && !ready.isEmpty()) {
            String image = ready.poll();
            running++;
            try {
                executor.execute(() -> buildAndReport(image));
            } catch (RejectedExecutionException e) {
                finished.add(new Finished(image, Outcome.failed("build of " + image + " could not start: the executor refused it ("
                        + e.getMessage() + ")")));
            }
        }
    }

    /** Reports even when the build throws an Error, so the run never waits for an image forever. */
    private void buildAndReport(String image) {
        Outcome outcome = Outcome.failed("build of " + image + " stopped without an outcome");
        try {
            outcome = attempt(image);
        } finally {
            finished.add(new Finished(image, outcome));
        }
    }

    private Outcome attempt(String image) {
        try {
            Outcome outcome = build.apply(image);
            return outcome != null ? outcome : Outcome.failed("build of " + image + " gave no outcome");
        } catch (RuntimeException e) {
            return Outcome.failed(e.getMessage() != null ? e.getMessage() : "build of " + image + " failed: " + e);
        }
    }

    private void settle(String image, Outcome outcome) {
        record(image, outcome);
        if (outcome.succeeded()) {
            graph.children(image).stream()
                    .filter(child -> graph.parents(child).stream().allMatch(this::succeeded))
                    .forEach(ready::add);
        } else {
            skipDownstreamOf(image, outcome.status() == Outcome.Status.SKIPPED ? outcome.message() : "skipped: " + image + " failed");
        }
    }

    private void skipDownstreamOf(String image, String reason) {
        Deque<String> todo = new ArrayDeque<>(graph.children(image));
        while (!todo.isEmpty()) {
            String child = todo.poll();
            if (!outcomes.containsKey(child)) {
                record(child, Outcome.skipped(reason));
                todo.addAll(graph.children(child));
            }
        }
    }

    private void record(String image, Outcome outcome) {
        outcomes.put(image, outcome);
        listener.finished(image, outcome);
    }

    private boolean succeeded(String image) {
        Outcome outcome = outcomes.get(image);
        return outcome != null && outcome.succeeded();
    }
}
