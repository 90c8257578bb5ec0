package io.patchrun.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.patchrun.status.SystemStatus;

@Controller
class StatusController {

    private final SystemStatus status;

    StatusController(SystemStatus status) {
        this.status = status;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("engine", status.engine());
        model.addAttribute("registries", status.registries());
        return "index";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
