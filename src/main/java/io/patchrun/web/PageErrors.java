package io.patchrun.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

import io.patchrun.security.Role;

/** A page that cannot be shown says why, on the error page, with its status. */
@ControllerAdvice(assignableTypes = {OverviewPage.class, RunPages.class, ImagePage.class, HealthPage.class, UiActions.class})
class PageErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView refused(ResponseStatusException e, HttpServletRequest request) {
        HttpStatusCode status = e.getStatusCode();
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("detail", e.getReason());
        // An exception handler's model does not get the header's attributes by itself.
        page.addObject("currentUser", request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName());
        page.addObject("isAdmin", request.isUserInRole(Role.ADMIN.name()));
        return page;
    }
}
