package io.patchrun.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.patchrun.security.Role;

/**
 * Puts the logged-in user's name on every page, for the header, and whether they may change things: pages
 * show the buttons that start runs and rollbacks only to an ADMIN (the server refuses everyone else anyway).
 */
@ControllerAdvice
class CurrentUser {

    @ModelAttribute("currentUser")
    String currentUser(Principal principal) {
        return principal == null ? "" : principal.getName();
    }

    @ModelAttribute("isAdmin")
    boolean isAdmin(HttpServletRequest request) {
        return request.isUserInRole(Role.ADMIN.name());
    }
}
