package io.patchrun.web;

import java.security.Principal;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchrun.run.RunRefused;
import io.patchrun.run.WindowRuns;

/**
 * "Roll out now": the versions of a pipeline that wait for its maintenance window roll out at once, window or
 * not, as a run of their own recorded with the user who asked. ADMIN only, as every POST.
 */
@Controller
class WindowActions {

    private final WindowRuns windows;

    WindowActions(WindowRuns windows) {
        this.windows = windows;
    }

    @PostMapping("/pipelines/{pipeline}/rollout")
    String rollOutNow(@PathVariable String pipeline, Principal user, RedirectAttributes flash) {
        try {
            return "redirect:/runs/" + windows.rollOutNow(pipeline, UiActions.TRIGGER, user.getName());
        } catch (RunRefused e) {
            flash.addFlashAttribute("problem", "Rollout of pipeline " + pipeline + " not started: " + e.getMessage());
            return "redirect:/";
        }
    }

    /** The same through the API: {@code 202 {"id"}}, or the refusal as the API's errors are. */
    @RestController
    static class Api {

        private final WindowRuns windows;

        Api(WindowRuns windows) {
            this.windows = windows;
        }

        @PostMapping("/api/pipelines/{pipeline}/rollout")
        ResponseEntity<Map<String, Long>> rollOutNow(@PathVariable String pipeline, Principal user) {
            return RunsApi.accepted(() -> windows.rollOutNow(pipeline, "api", user.getName()));
        }
    }
}
