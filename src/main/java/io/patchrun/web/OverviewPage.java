package io.patchrun.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.patchrun.demo.Demo;

/** The first page: every pipeline with its bases, images, containers, last run and next run; the demo's actions. */
@Controller
@ConditionalOnWebApplication
class OverviewPage {

    private final PipelineOverview overview;
    private final Demo demo;

    OverviewPage(PipelineOverview overview, Demo demo) {
        this.overview = overview;
        this.demo = demo;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("pipelines", overview.pipelines());
        model.addAttribute("demo", demo.status());
        return "overview";
    }
}
