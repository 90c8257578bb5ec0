package io.patchrun.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page: every pipeline with its bases, images, containers, last run and next run. */
@Controller
class OverviewPage {

    private final FleetOverview overview;

    OverviewPage(FleetOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("pipelines", overview.pipelines());
        return "overview";
    }
}
