package io.patchrun.wiring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The run leases that let several instances share one database (README, "Scaling out").
 *
 * @param duration  how long a lease lasts without renewal: an instance that died is taken over this long after its
 *                  last renewal at the latest
 * @param heartbeat how often a running instance renews its leases and looks for the leases of dead instances; well
 *                  below {@code duration}, so that a busy moment does not lose a lease
 */
@ConfigurationProperties("patchrun.lease")
public record LeaseProperties(Duration duration, Duration heartbeat) {

    public LeaseProperties {
        duration = duration == null ? Duration.ofSeconds(30) : duration;
        heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("patchrun.lease.duration must be longer than zero, not " + duration);
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(duration.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("patchrun.lease.heartbeat must be longer than zero and at most half of patchrun.lease.duration ("
                    + duration + "), not " + heartbeat);
        }
    }
}
