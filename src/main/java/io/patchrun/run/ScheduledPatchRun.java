package io.patchrun.run;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry to the nightly patch run of one pipeline. */
@DisallowConcurrentExecution
class ScheduledPatchRun implements Job {

    static final String PIPELINE = "pipeline";

    private final PatchRuns runs;

    ScheduledPatchRun(PatchRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runs.scheduled(context.getMergedJobDataMap().getString(PIPELINE));
    }
}
