package io.patchrun.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * How sending one notice to one target ended, as recorded on the run.
 *
 * @param target    the target as {@link Target#describe()} gives it
 * @param delivered whether one attempt got through
 * @param attempts  how many attempts were made
 * @param message   what the last attempt answered, or why it failed
 */
public record Delivery(long runId, String target, boolean delivered, int attempts, String message, Instant at) {

    public Delivery {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
