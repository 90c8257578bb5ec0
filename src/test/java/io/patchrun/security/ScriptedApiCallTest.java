package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ScriptedApiCallTest {

    private final ScriptedApiCall matcher = new ScriptedApiCall();

    @Test
    void basicCallWithJsonOrNoBody_fromAScript_needsNoCsrfToken() {
        assertThat(matcher.matches(call(null))).as("curl -u admin:… -X POST").isTrue();
        assertThat(matcher.matches(call("application/json"))).isTrue();
        assertThat(matcher.matches(call("application/json; charset=UTF-8"))).isTrue();
    }

    @Test
    void aBodyAnHtmlFormCanSend_needsTheToken() {
        assertThat(matcher.matches(call("application/x-www-form-urlencoded"))).isFalse();
        assertThat(matcher.matches(call("Multipart/Form-Data; boundary=x"))).isFalse();
        assertThat(matcher.matches(call("text/plain;charset=UTF-8"))).isFalse();
    }

    @Test
    void anySignOfABrowser_needsTheToken() {
        MockHttpServletRequest withOrigin = call(null);
        withOrigin.addHeader("Origin", "https://evil.example");
        MockHttpServletRequest crossSite = call(null);
        crossSite.addHeader("Sec-Fetch-Site", "cross-site");
        MockHttpServletRequest sameSite = call(null);
        sameSite.addHeader("Sec-Fetch-Site", "same-site");
        MockHttpServletRequest withSession = call(null);
        withSession.setCookies(new Cookie("JSESSIONID", "abc"));
        withSession.setRequestedSessionId("abc");

        assertThat(matcher.matches(withOrigin)).isFalse();
        assertThat(matcher.matches(crossSite)).isFalse();
        assertThat(matcher.matches(sameSite)).isFalse();
        assertThat(matcher.matches(withSession)).isFalse();
    }

    @Test
    void withoutBasicCredentials_orOutsideTheApi_theTokenIsNeeded() {
        MockHttpServletRequest bearer = new MockHttpServletRequest("POST", "/api/bases/check");
        bearer.addHeader("Authorization", "Bearer abc");
        MockHttpServletRequest page = new MockHttpServletRequest("POST", "/bases/check");
        page.addHeader("Authorization", "Basic YWRtaW46eA==");

        assertThat(matcher.matches(bearer)).isFalse();
        assertThat(matcher.matches(page)).isFalse();
    }

    private static MockHttpServletRequest call(String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/pipelines/demo/runs");
        request.addHeader("Authorization", "basic YWRtaW46eA==");
        if (contentType != null) {
            request.setContentType(contentType);
        }
        return request;
    }
}
