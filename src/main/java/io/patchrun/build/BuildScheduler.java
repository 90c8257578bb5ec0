package io.patchrun.build;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Builds the images of a run in dependency order, at most {@code bound} at a time. Each image starts as
 * soon as its own parents have succeeded, not when a whole level is done; when one fails, everything built
 * on it is SKIPPED and unrelated images go on.
 */
public final class BuildScheduler {

    public static final int DEFAULT_BOUND = 2;

    private final Executor executor;
    private final int bound;

    /** With the default bound of {@value #DEFAULT_BOUND} builds at once. */
    public BuildScheduler(Executor executor) {
        this(executor, DEFAULT_BOUND);
    }

    /**
     * @param executor runs the builds; {@code Runnable::run} runs them one after another on the calling thread
     * @param bound    how many builds may run at once
     */
    public BuildScheduler(Executor executor, int bound) {
        this.executor = Objects.requireNonNull(executor, "the build scheduler needs an executor");
        if (bound < 1) {
            throw new IllegalArgumentException("at least one build must be allowed to run at once, not " + bound);
        }
        this.bound = bound;
    }

    /**
     * Runs every image's build and waits for all of them.
     *
     * @param parents  image -> the images of this run it is built on (every parent must be a key)
     * @param build    builds one image; an exception it throws fails that image with the exception's message
     * @param listener hears of each image as its turn ends, including the skipped ones
     * @return each image's outcome, by image name
     * @throws IllegalArgumentException when a parent is not among the images or the images form a cycle
     * @throws InterruptedException     when interrupted while waiting; builds already started carry on
     */
    public Map<String, Outcome> run(Map<String, Set<String>> parents, Function<String, Outcome> build,
            BuildListener listener) throws InterruptedException {
        Objects.requireNonNull(build, "the build scheduler needs a build action");
        Objects.requireNonNull(listener, "the build scheduler needs a listener");
        return new BuildRound(BuildGraph.of(parents), executor, bound, build, listener).run();
    }

    /** {@link #run(Map, Function, BuildListener)} with nobody listening. */
    public Map<String, Outcome> run(Map<String, Set<String>> parents, Function<String, Outcome> build)
            throws InterruptedException {
        return run(parents, build, (image, outcome) -> { });
    }
}
