package io.patchrun.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import io.patchrun.history.DeliveryHistory;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;

/** The run history, one page of it at a time, and each run with what it did to each image. */
@Controller
class RunPages {

    static final int PAGE_SIZE = 50;

    /** Links to the newest, newer, older and oldest page of the same filter. */
    record Pager(String newest, String newer, String older, String oldest) {
    }

    private final RunHistory runs;
    private final PipelineFolder pipelines;
    private final RunReport report;
    private final PatchRuns patchRuns;
    private final DeliveryHistory deliveries;

    RunPages(RunHistory runs, PipelineFolder pipelines, RunReport report, PatchRuns patchRuns, DeliveryHistory deliveries) {
        this.runs = runs;
        this.pipelines = pipelines;
        this.report = report;
        this.patchRuns = patchRuns;
        this.deliveries = deliveries;
    }

    /** Newest first; the page is read with one indexed query and one count, however long the history. */
    @GetMapping("/runs")
    String runs(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String status,
                @RequestParam(defaultValue = "1") int page, Model model) {
        String onlyPipeline = pipeline == null || pipeline.isBlank() ? null : pipeline;
        RunStatus onlyStatus = status(status);
        int total = runs.count(onlyPipeline, onlyStatus);
        int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        if (page < 1 || page > pages) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "there is no page " + page + " of these runs; pages go from 1 to " + pages);
        }
        model.addAttribute("runs", runs.list(onlyPipeline, onlyStatus, (page - 1) * PAGE_SIZE, PAGE_SIZE));
        model.addAttribute("total", total);
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("pager", new Pager(link(onlyPipeline, onlyStatus, 1), link(onlyPipeline, onlyStatus, page - 1),
                link(onlyPipeline, onlyStatus, page + 1), link(onlyPipeline, onlyStatus, pages)));
        model.addAttribute("pipeline", onlyPipeline);
        model.addAttribute("status", onlyStatus);
        model.addAttribute("pipelineNames", pipelines.list().stream().map(Pipeline::name).toList());
        model.addAttribute("statuses", RunStatus.values());
        return "runs";
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable long id, Model model) {
        Run run = live(id, model);
        Map<String, String> logs = new LinkedHashMap<>();
        for (RunImage image : run.images()) {
            runs.buildLog(id, image.name()).ifPresent(log -> logs.put(image.name(), log));
        }
        model.addAttribute("logs", logs);
        model.addAttribute("deliveries", deliveries.of(id).stream().map(DeliveryView::of).toList());
        model.addAttribute("resumedBy", runs.resumedBy(id).orElse(null));
        // Offered only where it would be accepted; a FAILED or PARTIAL run that cannot be resumed says why instead.
        Optional<String> refused = run.status().resumable() ? patchRuns.whyNotResumable(id) : Optional.empty();
        model.addAttribute("resumable", run.status().resumable() && refused.isEmpty());
        model.addAttribute("resumeRefused", refused.orElse(null));
        return "run";
    }

    /**
     * The part of the run page that changes while the run goes, polled by htmx. Once the run has ended the
     * whole page is asked to reload, so the build logs and the final state appear together and polling stops.
     */
    @GetMapping("/runs/{id}/live")
    String liveUpdate(@PathVariable long id, Model model, HttpServletResponse response) {
        Run run = live(id, model);
        if (!run.status().active()) {
            response.setHeader("HX-Refresh", "true");
        }
        return "run :: live";
    }

    @GetMapping(value = "/runs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    String buildLog(@PathVariable long id, @RequestParam String image) {
        find(id);
        return runs.buildLog(id, image).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "run " + id + " has no build log of " + image + " (it was not built, or not yet)"));
    }

    private Run live(long id, Model model) {
        Run run = find(id);
        model.addAttribute("run", run);
        model.addAttribute("images", report.images(run));
        return run;
    }

    private Run find(long id) {
        return runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "there is no run " + id));
    }

    private static String link(String pipeline, RunStatus status, int page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/runs");
        if (pipeline != null) {
            uri.queryParam("pipeline", pipeline);
        }
        if (status != null) {
            uri.queryParam("status", status.name());
        }
        return uri.queryParam("page", page).encode().toUriString();
    }

    private static RunStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status '" + status + "' is not one of " + List.of(RunStatus.values()));
        }
    }
}
