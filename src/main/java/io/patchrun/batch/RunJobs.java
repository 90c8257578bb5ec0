package io.patchrun.batch;

import org.springframework.batch.core.job.JobExecution;

/** Carries out the Spring Batch job of one run on the calling thread: the rollback job for a rollback, else the patch run. */
@FunctionalInterface
interface RunJobs {

    JobExecution run(RunState state) throws Exception;
}
