package io.patchrun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.patchrun.testsupport.AppTestBase;

/** The whole app on a random port: the first page behind login, and who may do what. */
class StatusPageTest extends AppTestBase {

    @Test
    void overview_redirectsBrowserToLogin_whenNotLoggedIn() {
        HttpResponse<String> response = client.get("/", "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void overview_namesEngineAndRegistries_afterFormLogin() {
        HttpResponse<String> login = client.login("admin", ADMIN_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));

        String page = client.get("/").body();

        assertThat(page).contains("Docker engine").contains("unix:///var/run/docker.sock");
        assertThat(page).contains("127.0.0.1:5000").contains("127.0.0.1:9");
        assertThat(page).contains("nothing answers at http://127.0.0.1:9/v2/");
    }

    @Test
    void overview_reportsEngineThatAnswers_whenEngineRuns() {
        client.login("admin", ADMIN_PASSWORD);

        String page = client.get("/").body();

        // The engine's answer depends on the machine; the page must say one or the other, with the reason when down.
        assertThat(page).containsAnyOf("<span class=\"ok\">answers</span>\n      \n    </p>\n    <p class=\"muted\">\n      Docker",
                "does not answer");
    }

    @Test
    void login_refusesWrongPassword() {
        HttpResponse<String> login = client.login("admin", "wrong");

        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
    }

    @Test
    void api_answers401Json_withoutCredentials() {
        HttpResponse<String> response = client.get("/api/pipelines");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"patchrun\"");
    }

    @Test
    void api_refusesChangesToViewer_with403Json() {
        HttpResponse<String> response = client.postJsonAs("viewer", VIEWER_PASSWORD, "/api/bases/check", "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"forbidden\"").contains("user 'viewer' may only read");
    }

    @Test
    void form_withoutCsrfToken_isRefused() {
        client.login("admin", ADMIN_PASSWORD);

        HttpResponse<String> response = client.postForm("/logout", "");

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
