package io.patchrun.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patchrun.run.WindowRuns;

/**
 * Quartz's entry to the opening of a pipeline's maintenance window: rolls out what waits for it, then sets its
 * own trigger to the window's next opening (or shortly, while another run of the pipeline goes). When that
 * fails, it looks again in {@link #AFTER_FAILURE}, so one failure does not stop the window for good.
 */
@DisallowConcurrentExecution
class WindowQuartzJob implements Job {

    static final Duration AFTER_FAILURE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(WindowQuartzJob.class);

    private final WindowRuns windows;

    WindowQuartzJob(WindowRuns windows) {
        this.windows = windows;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String pipeline = context.getMergedJobDataMap().getString(PatchRunQuartzJob.PIPELINE);
        String window = context.getMergedJobDataMap().getString(Schedules.WINDOW_DESCRIPTION);
        Optional<Instant> next;
        try {
            next = windows.windowOpened(pipeline);
        } catch (RuntimeException e) {
            log.error("The maintenance window of pipeline {} opened, but what waits for it could not be rolled out", pipeline, e);
            next = Optional.of(Instant.now().plus(AFTER_FAILURE));
        }
        if (next.isEmpty()) {
            return;
        }
        try {
            context.getScheduler().rescheduleJob(context.getTrigger().getKey(), Schedules.windowTrigger(pipeline, window, next.get()));
        } catch (SchedulerException e) {
            log.error("The next opening of the maintenance window of pipeline {} could not be scheduled", pipeline, e);
        }
    }
}
