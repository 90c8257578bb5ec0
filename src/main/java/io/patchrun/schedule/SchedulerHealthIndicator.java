package io.patchrun.schedule;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The actuator's {@code scheduler} component: up while Quartz runs, so nightly runs and base checks fire. */
@Component
class SchedulerHealthIndicator implements HealthIndicator {

    private final Scheduler scheduler;

    SchedulerHealthIndicator(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Health health() {
        try {
            if (scheduler.isShutdown()) {
                return Health.down().withDetail("problem", "the Quartz scheduler is shut down").build();
            }
            if (!scheduler.isStarted() || scheduler.isInStandbyMode()) {
                return Health.down().withDetail("problem", "the Quartz scheduler is in standby: no schedule fires").build();
            }
            return Health.up().withDetail("name", scheduler.getSchedulerName())
                    .withDetail("jobStore", scheduler.getMetaData().getJobStoreClass().getSimpleName()).build();
        } catch (SchedulerException e) {
            return Health.down(e).build();
        }
    }
}
