package io.patchrun.rollout;

import java.time.Duration;
import java.util.Objects;

import io.patchrun.container.LiveContainer;

/**
 * A check a new container must pass, besides running and its own HEALTHCHECK, before the old one is
 * removed; asked again and again until it passes or the health timeout is up.
 */
@FunctionalInterface
public interface ReadinessCheck {

    Outcome check(LiveContainer container);

    /**
     * @param passed whether the container is ready
     * @param detail why not, in the user's terms; {@code null} when it passed
     */
    record Outcome(boolean passed, String detail) {

        public Outcome {
            if (!passed) {
                Objects.requireNonNull(detail, "a failed check needs a reason");
            }
        }

        public static Outcome pass() {
            return new Outcome(true, null);
        }

        public static Outcome fail(String detail) {
            return new Outcome(false, detail);
        }
    }

    /** No check beyond running and the container's own HEALTHCHECK. */
    static ReadinessCheck none() {
        return container -> Outcome.pass();
    }

    /**
     * An HTTP GET of {@code path} on the host port where container port {@code port} is published, which must
     * answer {@code status}.
     */
    static ReadinessCheck http(int port, String path, int status) {
        return new HttpReadiness(port + "/tcp", path, status, Duration.ofSeconds(2));
    }
}
