package io.patchrun.run;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry to the periodic base-digest check of one pipeline. */
@DisallowConcurrentExecution
class ScheduledBaseCheck implements Job {

    private final BaseChecks checks;

    ScheduledBaseCheck(BaseChecks checks) {
        this.checks = checks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        checks.check(context.getMergedJobDataMap().getString(ScheduledPatchRun.PIPELINE));
    }
}
