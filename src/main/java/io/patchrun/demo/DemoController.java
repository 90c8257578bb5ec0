package io.patchrun.demo;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The demo's buttons (forms on the overview: ADMIN and a CSRF token, as every form) and its status as
 * JSON. Each action says what it did in {@link DemoStatus#lastAction()}, which the overview shows after
 * the redirect.
 */
@Controller
@ConditionalOnDemo
class DemoController {

    private final Demo demo;

    DemoController(Demo demo) {
        this.demo = demo;
    }

    @GetMapping("/api/demo")
    @ResponseBody
    DemoStatus status() {
        return demo.status();
    }

    @PostMapping("/demo/publish-base")
    String publishBase() {
        demo.publishBase();
        return "redirect:/";
    }

    @PostMapping("/demo/break-next")
    String breakNext() {
        demo.breakNext();
        return "redirect:/";
    }

    @PostMapping("/demo/fix-next")
    String fixNext() {
        demo.fixNext();
        return "redirect:/";
    }
}
