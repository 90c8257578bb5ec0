package io.patchrun.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.stereotype.Component;

import io.patchrun.build.BuildScheduler;
import io.patchrun.build.Outcome;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.rollout.ContainerRollouts;

/**
 * Builds, smoke-tests and rolls out the planned images. Each image starts building as soon as its own
 * parents have passed (not when a whole level is done), and each rolls out as soon as it has passed its
 * smoke test, so slow container stops overlap the builds still going. A failure fails that image and skips
 * what is built on it; unrelated images go on. Images a resumed run only rolls out start rolling at once.
 */
@Component
class PatchStep {

    private final BuildStep builds;
    private final RolloutStep rollouts;
    private final RunHistory runs;

    PatchStep(BuildStep builds, RolloutStep rollouts, RunHistory runs) {
        this.builds = builds;
        this.rollouts = rollouts;
        this.runs = runs;
    }

    void execute(RunState state) throws InterruptedException {
        if (state.plan.isEmpty() && state.rollOutOnly.isEmpty()) {
            return;
        }
        Map<String, Set<String>> parents = new java.util.LinkedHashMap<>();
        state.plan.images().keySet().forEach(name -> parents.put(name, new HashSet<>(state.plan.parents(name))));
        ExecutorService buildThreads = Executors.newCachedThreadPool(named("build-" + state.id));
        // One coordinator per image that has passed (they only wait); the containers share a bounded pool.
        ExecutorService rolloutThreads = Executors.newCachedThreadPool(named("rollout-" + state.id));
        // parallel.rollouts is per engine: each engine the pipeline deploys to rolls that many containers over at once.
        int engines = rollouts.enginesOf(state.pipeline).size();
        ExecutorService containerThreads = Executors.newFixedThreadPool(state.pipeline.parallel().rollouts() * engines, named("rollover-" + state.id));
        List<Future<?>> rolling = new ArrayList<>();
        try {
            ContainerRollouts fleet = rollouts.fleet(state, containerThreads);
            for (String name : state.rollOutOnly) {
                rolling.add(rolloutThreads.submit(() -> rollouts.rollOut(state, name, fleet)));
            }
            new BuildScheduler(buildThreads, state.pipeline.parallel().builds()).run(parents,
                    name -> builds.build(state, name),
                    (name, outcome) -> finished(state, name, outcome, () -> rollouts.rollOut(state, name, fleet), rolloutThreads, rolling));
            for (Future<?> rollout : rolling) {
                rollout.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a rollout of run " + state.id + " failed unexpectedly: " + e.getCause().getMessage(), e.getCause());
        } finally {
            buildThreads.shutdown();
            rolloutThreads.shutdown();
            containerThreads.shutdown();
        }
    }

    private void finished(RunState state, String name, Outcome outcome, Runnable rollOut, ExecutorService rolloutThreads,
                          List<Future<?>> rolling) {
        if (outcome.status() == Outcome.Status.BUILT) {
            rolling.add(rolloutThreads.submit(rollOut));
        } else if (outcome.status() == Outcome.Status.SKIPPED) {
            record(state, state.images.get(name).with(ImageStatus.SKIPPED, outcome.message()));
        } else if (outcome.status() == Outcome.Status.FAILED && state.images.get(name).status() != ImageStatus.FAILED) {
            // A failure after the image was recorded BUILT (its push, say) must not leave it looking built.
            record(state, state.images.get(name).with(ImageStatus.FAILED, outcome.message()));
        }
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
