package io.patchrun.schedule;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;
import org.springframework.stereotype.Component;

import io.patchrun.history.RunLeases;

/**
 * Refuses to start on a Quartz job store that keeps nothing. Spring Boot silently gives Quartz an in-memory
 * store unless {@code spring.quartz.job-store-type} is {@code jdbc}; schedules would then be made again at
 * every start, and a nightly run missed while Patchrun was down would never fire. On a database other instances may share
 * (PostgreSQL) it also refuses a job store that is not clustered: each instance would fire every schedule.
 */
@Component
class PersistentJobStore {

    PersistentJobStore(Scheduler scheduler, RunLeases leases) throws SchedulerException {
        check(scheduler.getMetaData());
        if (leases.shared()) {
            checkClustered(scheduler.getMetaData());
        }
    }

    static void checkClustered(SchedulerMetaData scheduler) {
        if (!scheduler.isJobStoreClustered()) {
            throw new IllegalStateException("Quartz scheduler '" + scheduler.getSchedulerName() + "' is not clustered, but its database"
                    + " (spring.datasource.url) can be shared by other Patchrun instances, each of which would then fire every schedule."
                    + " Start with --spring.profiles.active=postgres (or set spring.quartz.properties.org.quartz.jobStore.isClustered=true"
                    + " and the database's driverDelegateClass).");
        }
    }

    static void check(SchedulerMetaData scheduler) {
        if (!scheduler.isJobStoreSupportsPersistence()) {
            throw new IllegalStateException("Quartz scheduler '" + scheduler.getSchedulerName() + "' keeps its schedules in memory ("
                    + scheduler.getJobStoreClass().getName() + "): they, and the runs missed while Patchrun is down, would be"
                    + " lost at every restart. Set spring.quartz.job-store-type=jdbc, the jar's default.");
        }
    }
}
