package io.patchrun.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/** A page that cannot be shown says why, on the error page, with its status. */
@ControllerAdvice(assignableTypes = {OverviewPage.class, RunPages.class, ImagePage.class, HealthPage.class, UiActions.class})
class PageErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView refused(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("detail", e.getReason());
        return page;
    }
}
