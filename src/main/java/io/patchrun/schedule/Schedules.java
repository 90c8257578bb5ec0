package io.patchrun.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.patchrun.pipeline.MaintenanceWindow;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineMode;
import io.patchrun.reload.PipelinesChanged;

/**
 * Keeps Quartz's triggers in line with the pipeline files: per pipeline a watch trigger ({@code watchEvery}),
 * a patch-run trigger ({@code schedule}) and a trigger at the next opening of its maintenance window
 * ({@code window}), which sets itself to the opening after when it fires. Triggers live in the database, so a trigger that did not
 * change is left alone: its misfire state survives a restart, and a nightly run missed while Patchrun was
 * down fires once at start, not once per missed night.
 */
@Component
public class Schedules {

    static final String PATCH = "patch";
    static final String WATCH = "watch";
    static final String WINDOW = "window";
    /** Trigger data: the window a window trigger was made for, so a changed window is scheduled again. */
    static final String WINDOW_DESCRIPTION = "window";

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);

    private final Scheduler scheduler;
    private final Clock clock;

    Schedules(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @EventListener
    void pipelinesChanged(PipelinesChanged change) {
        sync(change.pipelines());
    }

    /** Makes the triggers match {@code pipelines}, removing those of pipelines no longer there. */
    public synchronized void sync(Collection<Pipeline> pipelines) {
        try {
            Set<String> names = new HashSet<>();
            for (Pipeline pipeline : pipelines) {
                names.add(pipeline.name());
                syncPatch(pipeline);
                syncWatch(pipeline);
                syncWindow(pipeline);
            }
            for (String group : Set.of(PATCH, WATCH, WINDOW)) {
                for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                    if (!names.contains(job.getName())) {
                        scheduler.deleteJob(job);
                        log.info("Removed the {} schedule of pipeline {}: its file is gone", group, job.getName());
                    }
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not update the schedules of " + pipelines.size() + " pipelines: " + e.getMessage(), e);
        }
    }

    /** When the nightly patch run of {@code pipeline} fires next, if it has a schedule. */
    public Optional<Instant> nextRunAt(String pipeline) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(pipeline, PATCH));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read the schedule of pipeline " + pipeline + ": " + e.getMessage(), e);
        }
    }

    /** When the base digests of {@code pipeline} are checked next, if it watches them. */
    public Optional<Instant> nextWatchAt(String pipeline) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(pipeline, WATCH));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read the watch schedule of pipeline " + pipeline + ": " + e.getMessage(), e);
        }
    }

    private void syncPatch(Pipeline pipeline) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(pipeline.name(), PATCH);
        Trigger existing = scheduler.getTrigger(key);
        if (pipeline.schedule() == null) {
            unschedule(key, "patch-run");
            return;
        }
        if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(pipeline.schedule())) {
            return;
        }
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(pipeline.name(), PATCH)
                .withSchedule(CronScheduleBuilder.cronSchedule(pipeline.schedule()).withMisfireHandlingInstructionFireAndProceed())
                .build();
        replace(pipeline.name(), PATCH, PatchRunQuartzJob.class, key, existing, trigger);
        log.info("Pipeline {}: nightly patch run at '{}', next at {}", pipeline.name(), pipeline.schedule(), nextRunAt(pipeline.name()).orElse(null));
    }

    private void syncWatch(Pipeline pipeline) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(pipeline.name(), WATCH);
        Trigger existing = scheduler.getTrigger(key);
        if (pipeline.watchEvery() == null) {
            unschedule(key, "watch");
            return;
        }
        long interval = pipeline.watchEvery().toMillis();
        if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval) {
            return;
        }
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(pipeline.name(), WATCH)
                .startAt(new Date(System.currentTimeMillis() + interval))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval).repeatForever()
                        // Missed checks are not made up for: the next one sees the latest digest anyway.
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        replace(pipeline.name(), WATCH, BaseCheckQuartzJob.class, key, existing, trigger);
        log.info("Pipeline {}: base digests checked every {}", pipeline.name(), pipeline.watchEvery());
    }

    /**
     * A window trigger fires at the window's next opening, or at once when the window is open now (it may have
     * just been added or changed, with versions waiting for it). A trigger made for the same window is left
     * alone: it knows its next opening, and one missed while Patchrun was down fires at start.
     */
    private void syncWindow(Pipeline pipeline) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(pipeline.name(), WINDOW);
        Trigger existing = scheduler.getTrigger(key);
        MaintenanceWindow window = pipeline.mode() == PipelineMode.MONITOR ? null : pipeline.window();
        if (window == null) {
            unschedule(key, "maintenance window");
            return;
        }
        if (existing != null && window.describe().equals(existing.getJobDataMap().getString(WINDOW_DESCRIPTION))) {
            return;
        }
        Instant now = clock.instant();
        Instant at = window.isOpen(now) ? now : window.nextOpening(now);
        replace(pipeline.name(), WINDOW, WindowQuartzJob.class, key, existing, windowTrigger(pipeline.name(), window.describe(), at));
        log.info("Pipeline {}: containers roll over only inside the maintenance window {}; next opening {}", pipeline.name(),
                window.describe(), window.isOpen(now) ? "now" : at);
    }

    /** A one-off trigger of the window job of {@code pipeline} at {@code at}; fired at once if Patchrun was down then. */
    static Trigger windowTrigger(String pipeline, String window, Instant at) {
        return TriggerBuilder.newTrigger().withIdentity(pipeline, WINDOW).forJob(pipeline, WINDOW)
                .usingJobData(WINDOW_DESCRIPTION, window)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    /** When the window trigger of {@code pipeline} fires next: its window's next opening, or a retry. */
    public Optional<Instant> nextWindowAt(String pipeline) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(pipeline, WINDOW));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read the window schedule of pipeline " + pipeline + ": " + e.getMessage(), e);
        }
    }

    private void replace(String pipeline, String group, Class<? extends org.quartz.Job> jobClass, TriggerKey key,
                         Trigger existing, Trigger trigger) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(jobClass).withIdentity(pipeline, group).storeDurably()
                .usingJobData(PatchRunQuartzJob.PIPELINE, pipeline).build();
        scheduler.addJob(job, true);
        // A one-off trigger that fired since it was read is gone, and rescheduling it does nothing: it is scheduled anew.
        if (existing == null || scheduler.rescheduleJob(key, trigger) == null) {
            try {
                scheduler.scheduleJob(trigger);
            } catch (SchedulerException e) {
                // Another instance on the same database stored it meanwhile: it is replaced.
                if (!scheduler.checkExists(key)) {
                    throw e;
                }
                scheduler.rescheduleJob(key, trigger);
            }
        }
    }

    /**
     * Removes the job of {@code key} with its trigger. The job is durable, so it is there even when its trigger is not
     * (a one-off window trigger that fired is removed by Quartz, perhaps while this runs: then its triggers are read
     * again).
     */
    private void unschedule(TriggerKey key, String what) throws SchedulerException {
        JobKey job = JobKey.jobKey(key.getName(), key.getGroup());
        if (!scheduler.checkExists(job)) {
            return;
        }
        try {
            scheduler.deleteJob(job);
        } catch (SchedulerException e) {
            if (scheduler.checkExists(job)) {
                scheduler.deleteJob(job);
            }
        }
        log.info("Pipeline {}: {} schedule removed", key.getName(), what);
    }
}
