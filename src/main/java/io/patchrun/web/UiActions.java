package io.patchrun.web;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchrun.batch.RunRequest;
import io.patchrun.run.BaseChecks;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRefused;

/**
 * Everything the pages can change, each a POST that redirects (so a reload never repeats it) or, sent by htmx,
 * answers the part of the page it changes; ADMIN only (see the security configuration). Runs and rollbacks are
 * recorded with the user who asked for them.
 */
@Controller
class UiActions {

    static final String TRIGGER = "ui";

    private final PatchRuns runs;
    private final BaseChecks checks;

    UiActions(PatchRuns runs, BaseChecks checks) {
        this.runs = runs;
        this.checks = checks;
    }

    /**
     * Rebuilds a pipeline (what its changed bases affect, or everything when forced), or one image and what is built
     * on it. Sent by the overview's own buttons through htmx, it answers a notice naming the run and fires
     * {@value OverviewPage#RUN_STARTED_EVENT}, so the overview stays where it is and shows the run at once; sent as a
     * plain form, it leads to the run's page.
     */
    @PostMapping("/pipelines/{pipeline}/rebuild")
    String rebuild(@PathVariable String pipeline, @RequestParam(required = false) String image,
                   @RequestParam(defaultValue = "false") boolean force, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx,
                   Principal user, Model model, HttpServletResponse response, RedirectAttributes flash) {
        boolean oneImage = image != null && !image.isBlank();
        RunRequest request = new RunRequest(oneImage ? List.of(image) : List.of(), force);
        String what = oneImage ? image : "pipeline " + pipeline;
        try {
            long id = runs.start(pipeline, request, TRIGGER, user.getName());
            if (!htmx) {
                return "redirect:/runs/" + id;
            }
            response.setHeader("HX-Trigger", OverviewPage.RUN_STARTED_EVENT);
            model.addAttribute("startedRun", id);
            model.addAttribute("startedWhat", (force ? "forced rebuild of " : "rebuild of ") + what + (oneImage ? " and what is built on it" : ""));
            return "overview :: started";
        } catch (RunRefused e) {
            String problem = "Rebuild of " + what + " not started: " + e.getMessage();
            if (htmx) {
                model.addAttribute("problem", problem);
                return "overview :: started";
            }
            flash.addFlashAttribute("problem", problem);
            return oneImage ? "redirect:/images/" + ImageNames.toPath(image) : "redirect:/";
        }
    }

    /** Rolls every container of an image back to one of its prior versions, as a run of its own. */
    @PostMapping("/images/{name}/rollback")
    String rollback(@PathVariable String name, @RequestParam String tag, @RequestParam(defaultValue = "false") boolean restoreData,
                    Principal user, RedirectAttributes flash) {
        String image = ImageNames.fromPath(name);
        try {
            return "redirect:/runs/" + runs.rollback(image, tag, restoreData, user.getName());
        } catch (RunRefused e) {
            flash.addFlashAttribute("problem", "Rollback of " + image + " to " + tag + " not started: " + e.getMessage());
            return "redirect:/images/" + ImageNames.toPath(image);
        }
    }

    /** Continues a FAILED or PARTIAL run as a new run, and leads to the new run's page. */
    @PostMapping("/runs/{id}/resume")
    String resume(@PathVariable long id, Principal user, RedirectAttributes flash) {
        try {
            return "redirect:/runs/" + runs.resume(id, user.getName());
        } catch (RunRefused e) {
            flash.addFlashAttribute("problem", "Run " + id + " not resumed: " + e.getMessage());
            return "redirect:/runs/" + id;
        }
    }

    @PostMapping("/bases/check")
    String checkBases(RedirectAttributes flash) {
        List<String> changed = checks.checkAll();
        flash.addFlashAttribute("notice", changed.isEmpty()
                ? "Checked every base: no digest changed."
                : "Checked every base: new digests for " + String.join(", ", changed) + ". The pipelines built on them have an update pending.");
        return "redirect:/";
    }
}
