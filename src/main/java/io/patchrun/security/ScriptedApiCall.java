package io.patchrun.security;

import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The API calls that need no CSRF token: those of a script or the CLI, which send HTTP Basic credentials of
 * their own and nothing a browser adds. A browser that has cached Basic credentials sends them along with a
 * cross-site request too, so any sign of a browser makes a call need the token: an {@code Origin} header (every
 * browser sends one with a cross-origin POST), a {@code Sec-Fetch-Site} other than {@code none} (a user's own
 * request), a session cookie, or a body of a type an HTML form can send without asking the server first
 * ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}).
 */
final class ScriptedApiCall implements RequestMatcher {

    private static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    @Override
    public boolean matches(HttpServletRequest request) {
        return API.matches(request)
                && basic(request.getHeader(HttpHeaders.AUTHORIZATION))
                && request.getHeader(HttpHeaders.ORIGIN) == null
                && fetchedByNoSite(request.getHeader("Sec-Fetch-Site"))
                && request.getRequestedSessionId() == null
                && !formType(request.getContentType());
    }

    private static boolean basic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static boolean fetchedByNoSite(String site) {
        return site == null || site.equalsIgnoreCase("none");
    }

    private static boolean formType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
        return FORM_TYPES.contains(type);
    }
}
