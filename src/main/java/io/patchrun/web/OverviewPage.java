package io.patchrun.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page: every pipeline with its bases, images, containers, last run and next run, below the
 * sections other features add ({@link OverviewSection}).
 */
@Controller
@ConditionalOnWebApplication
class OverviewPage {

    private final PipelineOverview overview;
    private final ObjectProvider<OverviewSection> sections;

    OverviewPage(PipelineOverview overview, ObjectProvider<OverviewSection> sections) {
        this.overview = overview;
        this.sections = sections;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("sections", sections.orderedStream().map(Section::of).toList());
        model.addAttribute("pipelines", overview.pipelines());
        return "overview";
    }

    /** One section as the template draws it: its model is read once per view. */
    record Section(String template, Object model) {

        static Section of(OverviewSection section) {
            return new Section(section.template(), section.model());
        }
    }
}
