package io.patchrun.pipeline;

/**
 * How much of a patch run happens at once.
 *
 * @param builds   images built at the same time, at least 1
 * @param rollouts containers rolled over at the same time, at least 1
 */
public record Parallel(int builds, int rollouts) {

    public static final Parallel DEFAULTS = new Parallel(2, 4);

    public Parallel {
        if (builds < 1 || rollouts < 1) {
            throw new IllegalArgumentException("parallel builds and rollouts must be at least 1, got builds="
                    + builds + ", rollouts=" + rollouts);
        }
    }
}
