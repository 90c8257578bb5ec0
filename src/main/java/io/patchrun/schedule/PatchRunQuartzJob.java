package io.patchrun.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import io.patchrun.run.PatchRuns;

/** Quartz's entry to the nightly patch run of one pipeline. */
@DisallowConcurrentExecution
class PatchRunQuartzJob implements Job {

    static final String PIPELINE = "pipeline";

    private final PatchRuns runs;

    PatchRunQuartzJob(PatchRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runs.scheduled(context.getMergedJobDataMap().getString(PIPELINE));
    }
}
