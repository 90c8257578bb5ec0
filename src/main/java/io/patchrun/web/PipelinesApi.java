package io.patchrun.web;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchrun.fleet.FleetReader;
import io.patchrun.pipeline.CatalogChange;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.plan.PlanView;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.schedule.Schedules;

/** The pipelines Patchrun knows, and what a patch run of each would rebuild. */
@RestController
@RequestMapping("/api")
class PipelinesApi {

    record PipelineSummary(String name, String file, List<String> images, String schedule, Instant nextRunAt) {
    }

    record FileProblem(String file, int line, int column, String field, String message) {
    }

    private final PipelineFolder pipelines;
    private final Schedules schedules;
    private final FleetReader fleets;

    PipelinesApi(PipelineFolder pipelines, Schedules schedules, FleetReader fleets) {
        this.pipelines = pipelines;
        this.schedules = schedules;
        this.fleets = fleets;
    }

    @GetMapping("/pipelines")
    List<PipelineSummary> pipelines() {
        return pipelines.list().stream().map(p -> new PipelineSummary(p.name(), p.file().toString(),
                p.images().stream().map(ImageSpec::name).toList(), p.schedule(), schedules.nextRunAt(p.name()).orElse(null))).toList();
    }

    /** Pipeline files left out because of errors, each problem with its file, line and field. */
    @GetMapping("/pipelines/errors")
    List<FileProblem> errors() {
        return pipelines.errors().values().stream().flatMap(List::stream)
                .map(e -> new FileProblem(e.file().toString(), e.line(), e.column(), e.field(), e.message())).toList();
    }

    @PostMapping("/pipelines/reload")
    CatalogChange reload() {
        return pipelines.reload();
    }

    @GetMapping("/pipelines/{name}/plan")
    PlanView plan(@PathVariable String name) {
        Pipeline pipeline = pipelines.find(name).orElseThrow(() -> ApiException.notFound("no pipeline '" + name + "'; known: "
                + pipelines.list().stream().map(Pipeline::name).toList()));
        try {
            return fleets.read(pipeline).graph().planAll().view();
        } catch (DependencyCycleException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "cycle", e.getMessage());
        }
    }
}
