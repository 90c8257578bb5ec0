package io.patchrun.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A path under {@code /api} that no call has: answered as an API error, {@code {"error", "detail"}}, rather
 * than by the servlet container's error page. Every real call's path is more specific, so it wins.
 */
@RestController
class ApiFallback {

    @RequestMapping("/api/**")
    void unknown(HttpServletRequest request) {
        throw ApiException.notFound("no such API call: " + request.getMethod() + " " + request.getRequestURI());
    }
}
