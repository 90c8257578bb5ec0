package io.patchrun.web;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages on the whole app: login, who sees and may do what, CSRF, the session cookie and the health page. */
class UiPagesTest extends AppTestBase {

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    RunHistory runs;

    @TempDir
    Path tmp;

    @AfterEach
    void removePipelines() throws Exception {
        Files.createDirectories(pipelinesDir());
        try (var files = Files.list(pipelinesDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("ui-")).toList()) {
                Files.delete(file);
            }
        }
        pipelines.reload();
    }

    private void pipeline() throws Exception {
        GitRepos repo = GitRepos.withFiles(tmp.resolve("repo"), java.util.Map.of("Dockerfile", "FROM 127.0.0.1:5000/ui-test/base:stable\n"));
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("ui-pages.yml"), """
                name: ui-pages
                repositories:
                  - url: %s
                    images:
                      - name: ui-test/web
                """.formatted(repo.path()));
        pipelines.reload();
    }

    @Test
    void overview_redirectsBrowserToLogin_whenNotLoggedIn() {
        HttpResponse<String> response = client.get("/", "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void login_setsHttpOnlySameSiteSessionCookie_andLeadsToOverview() {
        HttpResponse<String> login = client.login("admin", ADMIN_PASSWORD);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(client.get("/").body()).contains("<h1>Overview</h1>").contains("Check bases now");
    }

    @Test
    void login_refusesWrongPassword() {
        HttpResponse<String> login = client.login("admin", "wrong");

        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
    }

    @Test
    void health_namesEngineRegistriesSchedulerAndGitRepositories() throws Exception {
        pipeline();
        client.login("viewer", VIEWER_PASSWORD);

        String page = client.get("/health").body();

        assertThat(page).contains("Docker engine").contains("unix:///var/run/docker.sock");
        assertThat(page).contains("127.0.0.1:5000").contains("nothing answers at http://127.0.0.1:9/v2/");
        assertThat(page).contains("<h2>Scheduler</h2>").contains("<span class=\"ok\">running</span>");
        assertThat(page).contains(tmp.resolve("repo").toString()).contains("reachable");
    }

    @Test
    void viewer_seesNoButtonsThatChangeThings_andIsRefusedWhenPostingAnyway() throws Exception {
        pipeline();
        client.login("viewer", VIEWER_PASSWORD);
        String overview = client.get("/").body();
        assertThat(overview).contains("ui-test/web").doesNotContain("Rebuild now").doesNotContain("Check bases now");
        String token = AppClient.csrfToken(overview);

        for (String path : List.of("/pipelines/ui-pages/rebuild", "/bases/check", "/images/ui-test--web/rollback")) {
            HttpResponse<String> response = client.postForm(path, "tag=x&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.body()).as(path).contains("Forbidden");
        }
    }

    @Test
    void form_withoutCsrfToken_isRefused() {
        client.login("admin", ADMIN_PASSWORD);

        assertThat(client.postForm("/bases/check", "").statusCode()).isEqualTo(403);
        assertThat(client.postForm("/logout", "").statusCode()).isEqualTo(403);
    }

    @Test
    void rebuild_ofUnknownPipeline_redirectsToOverviewWithTheReason() {
        client.login("admin", ADMIN_PASSWORD);
        String token = AppClient.csrfToken(client.get("/").body());

        HttpResponse<String> response = client.postForm("/pipelines/ui-none/rebuild", "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        assertThat(client.get("/").body()).contains("Rebuild of pipeline ui-none not started: no pipeline &#39;ui-none&#39;");
    }

    @Test
    void runPage_showsEachImageWithItsSmokeVerdictAndBuildLog() {
        long id = runs.queue("ui-history", "ui", "admin", List.of("ui-test/api"));
        runs.image(id, new RunImage("ui-test/api", ImageStatus.FAILED, "t1", "sha256:" + "b".repeat(64), "c".repeat(40), 1200L,
                List.of(), "smoke test of ui-test/api failed: GET / answered 500"));
        runs.buildLog(id, "ui-test/api", "Step 1/2 : FROM base");
        runs.finished(id, RunStatus.FAILED, "1 failed");
        client.login("viewer", VIEWER_PASSWORD);

        String page = client.get("/runs/" + id).body();

        assertThat(page).contains("Run #" + id).contains("FAILED").contains("sha256:bbbbbbbbbbbb").contains("cccccccccc")
                .contains("1.2 s").contains(">failed<").contains("GET / answered 500").contains("Step 1/2 : FROM base")
                .contains("ui, asked for by admin");
        assertThat(client.get("/runs/" + id + "/log?image=ui-test/api").body()).isEqualTo("Step 1/2 : FROM base");
        assertThat(client.get("/runs/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void htmx_isServedFromTheWebjar_withoutLogin() {
        HttpResponse<String> response = client.get("/webjars/htmx.org/2.0.8/dist/htmx.min.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("htmx");
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
    void api_answersUnknownCallsAndWrongPasswordsAsJson() {
        HttpResponse<String> unknown = client.getAs("viewer", VIEWER_PASSWORD, "/api/nothing-here");
        HttpResponse<String> wrongPassword = client.getAs("viewer", "wrong", "/api/runs");
        HttpResponse<String> anonymousChange = client.postForm("/api/bases/check", "");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"not_found\",\"detail\":\"no such API call: GET /api/nothing-here\"}");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).contains("\"error\":\"unauthorized\"");
        assertThat(anonymousChange.statusCode()).isEqualTo(401);
        assertThat(anonymousChange.body()).contains("\"error\":\"unauthorized\"");
    }
}
