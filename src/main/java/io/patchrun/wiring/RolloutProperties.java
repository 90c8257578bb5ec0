package io.patchrun.wiring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How rollovers behave when Patchrun stops.
 *
 * @param shutdownGrace how long a graceful stop (SIGTERM) waits for the rollovers under way to finish or undo their
 *                      cutover; what is still going after it is left to the recovery at the next start
 */
@ConfigurationProperties("patchrun.rollout")
public record RolloutProperties(Duration shutdownGrace) {

    public RolloutProperties {
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(60) : shutdownGrace;
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("patchrun.rollout.shutdown-grace cannot be negative: " + shutdownGrace);
        }
    }
}
