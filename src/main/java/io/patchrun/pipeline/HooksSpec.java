package io.patchrun.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Commands run in an image's containers around their rollover ({@code hooks:} of an image in the pipeline file),
 * each a program and its arguments, run without a shell.
 *
 * @param preUpdate  run in the old container before it is stopped; when it fails (or runs out of time) that container
 *                   is not rolled over, with the command's output as the reason; empty for none
 * @param postUpdate run in the new container once it is healthy and kept; empty for none
 * @param timeout    how long each may run; longer than zero
 */
public record HooksSpec(List<String> preUpdate, List<String> postUpdate, Duration timeout) {

    /** Watchtower's default for its lifecycle commands. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    public static final HooksSpec NONE = new HooksSpec(List.of(), List.of(), DEFAULT_TIMEOUT);

    public HooksSpec {
        preUpdate = List.copyOf(preUpdate);
        postUpdate = List.copyOf(postUpdate);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("hooks timeout must be longer than zero, got " + timeout);
        }
    }
}
