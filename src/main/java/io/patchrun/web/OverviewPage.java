package io.patchrun.web;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page: every pipeline with its bases, images, containers, last run and next run, below the
 * sections other features add ({@link OverviewSection}). The runs going now and the pipelines are its live
 * part: the page polls {@code /overview/live} for them and swaps them in place, often while a run goes and
 * seldom when none does, so a run started anywhere shows up, goes and ends without a reload.
 */
@Controller
@ConditionalOnWebApplication
class OverviewPage {

    /** How often the live part is asked for while a run is queued or going. */
    static final String POLL_WHILE_RUNNING = "every 2s";
    /** How often while nothing runs: a run started by the schedule or the API shows up within this. */
    static final String POLL_WHILE_IDLE = "every 5s";
    /** The event the page's own "Rebuild" buttons fire (as the {@code HX-Trigger} of their answer) to refresh at once. */
    static final String RUN_STARTED_EVENT = "runStarted";

    private final PipelineOverview overview;
    private final ObjectProvider<OverviewSection> sections;

    OverviewPage(PipelineOverview overview, ObjectProvider<OverviewSection> sections) {
        this.overview = overview;
        this.sections = sections;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("sections", sections.orderedStream().map(Section::of).toList());
        live(model);
        return "overview";
    }

    /** The live part alone, which replaces itself: the runs going now and every pipeline. */
    @GetMapping("/overview/live")
    String liveUpdate(Model model) {
        live(model);
        return "overview :: live";
    }

    private void live(Model model) {
        List<PipelineOverview.PipelineRow> pipelines = overview.pipelines();
        List<PipelineOverview.RunningRow> running = overview.running(pipelines);
        model.addAttribute("pipelines", pipelines);
        model.addAttribute("running", running);
        model.addAttribute("poll", (running.isEmpty() ? POLL_WHILE_IDLE : POLL_WHILE_RUNNING) + ", " + RUN_STARTED_EVENT + " from:body");
    }

    /** One section as the template draws it: its model is read once per view. */
    record Section(String template, Object model) {

        static Section of(OverviewSection section) {
            return new Section(section.template(), section.model());
        }
    }
}
