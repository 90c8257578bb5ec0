package io.patchrun.batch;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A patch run as a Spring Batch job: resolve, patch (build, smoke test, roll out), retain. Spring Batch
 * keeps the record of each step's execution; Patchrun's own history keeps what the run did to each image.
 * A manual rollback is a job of its own, with one step. The run's in-memory state is found by the {@code run.id} job parameter.
 */
@Configuration(proxyBeanMethods = false)
public class BatchJobs {

    public static final String NAME = "patchRun";
    public static final String ROLLBACK = "rollback";
    public static final String RUN_ID = "run.id";

    @Bean
    Job patchRun(JobRepository repository, ActiveRuns active, ResolveStep resolve, PatchStep patch, RetainStep retain) {
        return new JobBuilder(NAME, repository)
                .start(step("resolve", repository, active, resolve::execute))
                .next(step("patch", repository, active, patch::execute))
                .next(step("retain", repository, active, retain::execute))
                .build();
    }

    @Bean
    Job rollback(JobRepository repository, ActiveRuns active, RollbackStep rollback) {
        return new JobBuilder(ROLLBACK, repository).start(step("rollback", repository, active, rollback::execute)).build();
    }

    @FunctionalInterface
    interface RunStep {
        void execute(RunState state) throws Exception;
    }

    private static Step step(String name, JobRepository repository, ActiveRuns active, RunStep step) {
        return new StepBuilder(name, repository).tasklet((contribution, context) -> {
            long id = context.getStepContext().getStepExecution().getJobParameters().getLong(RUN_ID);
            step.execute(active.state(id));
            return RepeatStatus.FINISHED;
        }).build();
    }
}
