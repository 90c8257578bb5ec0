package io.patchrun.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import io.patchrun.run.BaseChecks;

/** Quartz's entry to the periodic base-digest check of one pipeline. */
@DisallowConcurrentExecution
class BaseCheckQuartzJob implements Job {

    private final BaseChecks checks;

    BaseCheckQuartzJob(BaseChecks checks) {
        this.checks = checks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        checks.check(context.getMergedJobDataMap().getString(PatchRunQuartzJob.PIPELINE));
    }
}
