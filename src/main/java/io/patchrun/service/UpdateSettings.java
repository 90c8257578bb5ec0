package io.patchrun.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How Swarm replaces a service's tasks ({@code UpdateConfig} of a service spec).
 *
 * @param order         whether the new task starts before the old one stops
 * @param failureAction what Swarm does when a new task fails within the monitor period
 * @param monitor       how long Swarm watches each new task for a failure
 * @param parallelism   how many tasks it replaces at once; 0 means all
 */
public record UpdateSettings(Order order, FailureAction failureAction, Duration monitor, long parallelism) {

    public enum Order {
        START_FIRST, STOP_FIRST
    }

    public enum FailureAction {
        ROLLBACK, PAUSE, CONTINUE
    }

    /** Monitor period when the image's rollout sets no health timeout of its own. */
    public static final Duration DEFAULT_MONITOR = Duration.ofSeconds(30);

    public UpdateSettings {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(failureAction, "failureAction");
        Objects.requireNonNull(monitor, "monitor");
        if (monitor.isNegative() || parallelism < 0) {
            throw new IllegalArgumentException("an update needs a monitor period and parallelism of zero or more, not " + monitor + " and "
                    + parallelism);
        }
    }

    /**
     * Patchrun's settings for a service that declares none: the new task beside the old one until it is healthy,
     * Swarm's own rollback when it is not, watched for {@code monitor}, one task at a time.
     */
    public static UpdateSettings zeroDowntime(Duration monitor) {
        return new UpdateSettings(Order.START_FIRST, FailureAction.ROLLBACK, monitor == null ? DEFAULT_MONITOR : monitor, 1);
    }

    /** The settings a service runs with: those it declares, else {@link #zeroDowntime(Duration)}. */
    public static UpdateSettings of(SwarmService service, Duration monitor) {
        return service.own() != null ? service.own() : zeroDowntime(monitor);
    }

    /** How many rounds Swarm needs for {@code tasks} tasks at this parallelism. */
    long rounds(int tasks) {
        return parallelism == 0 ? 1 : Math.max(1, (tasks + parallelism - 1) / parallelism);
    }
}
