package io.patchrun.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.RunLeases;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineError;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.schedule.Schedules;
import io.patchrun.status.SystemStatus;

/**
 * Whether what Patchrun depends on answers: the engine, the registries, the Git repositories and the scheduler; and the
 * fleet's containers that break the policy.
 */
@Controller
class HealthPage {

    /** The scheduler's state; {@code problem} says why it could not be read. */
    record SchedulerState(boolean started, boolean standby, boolean shutdown, int running, String problem) {

        // Public: the templates call it, and SpEL only calls public methods.
        public boolean healthy() {
            return problem == null && started && !standby && !shutdown;
        }
    }

    /** The schedules of one pipeline. */
    record ScheduleRow(String pipeline, String schedule, Instant nextRunAt, Duration watchEvery, Instant nextWatchAt) {
    }

    private final SystemStatus status;
    private final GitProbe git;
    private final Scheduler scheduler;
    private final Schedules schedules;
    private final PipelineFolder pipelines;
    private final BaseHistory bases;
    private final PolicyFindings policy;
    private final RunLeases leases;

    HealthPage(SystemStatus status, GitProbe git, Scheduler scheduler, Schedules schedules, PipelineFolder pipelines, BaseHistory bases,
               PolicyFindings policy, RunLeases leases) {
        this.status = status;
        this.git = git;
        this.scheduler = scheduler;
        this.schedules = schedules;
        this.pipelines = pipelines;
        this.bases = bases;
        this.policy = policy;
        this.leases = leases;
    }

    @GetMapping("/health")
    String health(Model model) {
        List<Pipeline> known = pipelines.list();
        model.addAttribute("engine", status.engine());
        model.addAttribute("engines", status.engines());
        model.addAttribute("registries", status.registries());
        model.addAttribute("bases", bases.bases());
        model.addAttribute("git", git.probe(known));
        model.addAttribute("scheduler", scheduler());
        model.addAttribute("instance", leases.instance());
        model.addAttribute("sharedDatabase", leases.shared());
        model.addAttribute("leases", leases.all());
        model.addAttribute("schedules", known.stream().map(p -> new ScheduleRow(p.name(), p.schedule(),
                schedules.nextRunAt(p.name()).orElse(null), p.watchEvery(), schedules.nextWatchAt(p.name()).orElse(null))).toList());
        model.addAttribute("policy", policy.fleet());
        model.addAttribute("fileErrors", pipelines.errors().values().stream().flatMap(List::stream).map(PipelineError::toString).toList());
        return "health";
    }

    private SchedulerState scheduler() {
        try {
            return new SchedulerState(scheduler.isStarted(), scheduler.isInStandbyMode(), scheduler.isShutdown(),
                    scheduler.getCurrentlyExecutingJobs().size(), null);
        } catch (SchedulerException e) {
            return new SchedulerState(false, false, false, 0, "the scheduler could not be asked: " + e.getMessage());
        }
    }
}
