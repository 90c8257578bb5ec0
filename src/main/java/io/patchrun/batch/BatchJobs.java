package io.patchrun.batch;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A patch run as a Spring Batch job: resolve, patch (build, smoke test, roll out), retain. Spring Batch
 * keeps the record of each step's execution; Patchrun's own history keeps what the run did to each image.
 * A manual rollback is a job of its own, with one step. The run's in-memory state is found by the {@code run.id} job parameter.
 */
@Configuration(proxyBeanMethods = false)
class BatchJobs {

    static final String NAME = "patchRun";
    static final String ROLLBACK = "rollback";
    static final String RUN_ID = "run.id";

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

    @Bean
    RunJobs runJobs(JobOperator operator, @Qualifier(NAME) Job patchRun, @Qualifier(ROLLBACK) Job rollback) {
        return state -> operator.start(state.rollback == null ? patchRun : rollback,
                new JobParametersBuilder().addLong(RUN_ID, state.id).toJobParameters());
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
