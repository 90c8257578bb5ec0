package io.patchrun.schedule;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a Quartz job store that keeps nothing. Spring Boot silently gives Quartz an in-memory
 * store unless {@code spring.quartz.job-store-type} is {@code jdbc}; schedules would then be made again at
 * every start, and a nightly run missed while Patchrun was down would never fire.
 */
@Component
class PersistentJobStore {

    PersistentJobStore(Scheduler scheduler) throws SchedulerException {
        check(scheduler.getMetaData());
    }

    static void check(SchedulerMetaData scheduler) {
        if (!scheduler.isJobStoreSupportsPersistence()) {
            throw new IllegalStateException("Quartz scheduler '" + scheduler.getSchedulerName() + "' keeps its schedules in memory ("
                    + scheduler.getJobStoreClass().getName() + "): they, and the runs missed while Patchrun is down, would be"
                    + " lost at every restart. Set spring.quartz.job-store-type=jdbc, the jar's default.");
        }
    }
}
