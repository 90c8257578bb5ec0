package io.patchrun.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.patchrun.container.ContainerOutput;
import io.patchrun.history.Run;
import io.patchrun.security.Role;

/**
 * Run messages as the logged-in user may read them. A container's log tail and its health check's output often
 * hold connection strings, so an ADMIN reads them and everyone else reads the reason with the output withheld
 * ({@link ContainerOutput}). On every page as {@code said}: {@code th:text="${said.text(run.message)}"}.
 */
@ControllerAdvice
class ShownOutput {

    /** The messages of one request's user. The templates call {@link #text}, which is why it is public. */
    record Said(boolean admin) {

        public String text(String message) {
            return admin ? message : ContainerOutput.withheld(message);
        }

        Run run(Run run) {
            if (admin) {
                return run;
            }
            return new Run(run.id(), run.pipeline(), run.trigger(), run.requestedBy(), run.status(), run.createdAt(), run.startedAt(),
                    run.endedAt(), text(run.message()), run.images().stream().map(image -> image.with(image.status(), text(image.message())))
                    .toList(), run.resumes(), run.bases());
        }
    }

    @ModelAttribute("said")
    Said said(HttpServletRequest request) {
        return of(request);
    }

    static Said of(HttpServletRequest request) {
        return new Said(request.isUserInRole(Role.ADMIN.name()));
    }
}
