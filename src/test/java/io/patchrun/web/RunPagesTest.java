package io.patchrun.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchrun.container.ContainerOutput;
import io.patchrun.history.DeliveryHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.Run;
import io.patchrun.history.RunBase;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.SkippedContainer;
import io.patchrun.notify.Delivery;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The runs list (paged, filtered), a run's page with each image's outcome, its live part and its build logs. */
@WebMvcTest(RunPages.class)
@WebSlice
@Import(RunReport.class)
class RunPagesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T11:00:00Z");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    RunHistory runs;
    @MockitoBean
    PipelineFolder pipelines;
    @MockitoBean
    RolloutLog rollouts;
    @MockitoBean
    PatchRuns patchRuns;
    @MockitoBean
    DeliveryHistory deliveries;

    @BeforeEach
    void pipeline() {
        when(pipelines.list()).thenReturn(List.of(Fixtures.demo()));
        when(pipelines.find("demo")).thenReturn(Optional.of(Fixtures.demo()));
    }

    private static Run run(long id, RunStatus status, List<RunImage> images) {
        return new Run(id, "demo", "ui", "admin", status, T0, T0.plusSeconds(1), status.active() ? null : T0.plusSeconds(43), "done", images);
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user("viewer").roles("VIEWER"))).andReturn().getResponse().getContentAsString();
    }

    @Test
    void runs_showOnePageNewestFirst_withLinksToOlderPages() throws Exception {
        when(runs.count(null, null)).thenReturn(10_000);
        when(runs.list(null, null, 50, 50)).thenReturn(List.of(run(9950, RunStatus.SUCCEEDED, List.of()), run(9949, RunStatus.FAILED, List.of())));

        String page = body(get("/runs").param("page", "2"));

        assertThat(page).contains("10000 runs, newest first").contains("page 2 of 200").contains("#9950").contains("#9949")
                .contains("href=\"/runs?page=3\"").contains("href=\"/runs?page=1\"").contains("42 s").contains("ui · admin");
    }

    @Test
    void runs_filterByPipelineAndStatus_keepTheFilterWhenPaging() throws Exception {
        when(runs.count("demo", RunStatus.FAILED)).thenReturn(120);
        when(runs.list("demo", RunStatus.FAILED, 0, 50)).thenReturn(List.of(run(7, RunStatus.FAILED, List.of())));

        String page = body(get("/runs").param("pipeline", "demo").param("status", "failed"));

        assertThat(page).contains("120 runs").contains("#7").contains("href=\"/runs?pipeline=demo&amp;status=FAILED&amp;page=2\"")
                .contains("<option value=\"FAILED\" selected=\"selected\">").contains("<option value=\"demo\" selected=\"selected\">");
    }

    @Test
    void runs_unknownStatus_is400_andPagePastTheEnd_is404() throws Exception {
        mvc.perform(get("/runs").param("status", "DONE").with(user("viewer").roles("VIEWER")))
                .andExpect(status().isBadRequest()).andExpect(content().string(org.hamcrest.Matchers.containsString("status &#39;DONE&#39; is not one of")));
        when(runs.count(null, null)).thenReturn(3);
        mvc.perform(get("/runs").param("page", "2").with(user("viewer").roles("VIEWER"))).andExpect(status().isNotFound());
    }

    @Test
    void run_showsEachImageWithTagBaseCommitBuildTimeSmokeVerdictAndRollovers() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(run(5, RunStatus.PARTIAL, List.of(
                new RunImage("demo/web", ImageStatus.DEPLOYED, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of("web-1"),
                        "rolled over 1 container(s); longest outage 210 ms"),
                new RunImage("demo/api", ImageStatus.FAILED, null, null, "c".repeat(40), null, List.of(), "build of demo/api failed at step 2/3: exit code 3")))));
        when(rollouts.of("web-1")).thenReturn(List.of(new RolloutLog.Entry(1, "web-1", "demo/web:" + Fixtures.V1, "demo/web:" + Fixtures.V2,
                "{}", T0.plusSeconds(30), "DEPLOYED", "healthy after 1.2 s", T0.plusSeconds(32))));
        when(runs.buildLog(5, "demo/web")).thenReturn(Optional.of("Step 1/3 : FROM debian:12"));
        when(runs.buildLog(5, "demo/api")).thenReturn(Optional.empty());

        String page = body(get("/runs/5"));

        assertThat(page).contains("Run #5").contains("PARTIAL").contains(Fixtures.V2).contains("sha256:222222222222").contains("cccccccccc")
                .contains("2.4 s").contains(">passed<").contains("web-1").contains("rolled over").contains("healthy after 1.2 s")
                .contains("longest outage 210 ms").contains(">none configured<").contains("exit code 3")
                .contains("Step 1/3 : FROM debian:12").contains("ui, asked for by admin");
        assertThat(page).as("an ended run is not polled").doesNotContain("hx-trigger");
    }

    @Test
    void run_showsTheContainersItLeftAlone_withWhy() throws Exception {
        when(runs.find(6)).thenReturn(Optional.of(run(6, RunStatus.SUCCEEDED, List.of(
                new RunImage("demo/web", ImageStatus.BUILT, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of(),
                        "no container rolled over; web-2: not rolled over: it is labelled io.patchrun.enable=false",
                        List.of(new SkippedContainer("web-2", "not rolled over: it is labelled io.patchrun.enable=false")))))));
        when(rollouts.of("web-2")).thenReturn(List.of());

        String page = body(get("/runs/6"));

        assertThat(page).contains("<code>web-2</code>").contains(">left alone<")
                .contains("<div class=\"small muted\">not rolled over: it is labelled io.patchrun.enable=false</div>");
    }

    @Test
    void anImageWhoseContainerThePolicyRefused_hasItsNoteShownAsAnError() throws Exception {
        String refused = "rolled over 1 container(s); longest outage 210 ms; agent: refused by the policy gate: privileged (runs --privileged)";
        when(runs.find(8)).thenReturn(Optional.of(run(8, RunStatus.SUCCEEDED, List.of(
                new RunImage("demo/web", ImageStatus.DEPLOYED, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of(), refused),
                new RunImage("demo/api", ImageStatus.DEPLOYED, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of(),
                        "rolled over 1 container(s); longest outage 210 ms")))));
        when(runs.buildLog(8, "demo/web")).thenReturn(Optional.empty());
        when(runs.buildLog(8, "demo/api")).thenReturn(Optional.empty());

        String page = body(get("/runs/8"));

        assertThat(page).contains("<td colspan=\"7\" class=\"error\">" + refused + "</td>")
                .contains("<td colspan=\"7\" class=\"muted\">rolled over 1 container(s); longest outage 210 ms</td>");
    }

    @Test
    void containersLogTailAndHealthOutput_areShownToAdmins_andWithheldFromViewers() throws Exception {
        String logTail = ContainerOutput.quote(List.of("connecting to postgres://app:hunter2@db/app", "fatal: refused"));
        String health = ContainerOutput.quote("wget: token=abc123 refused");
        when(runs.find(8)).thenReturn(Optional.of(new Run(8, "demo", "ui", "admin", RunStatus.ROLLED_BACK, T0, T0.plusSeconds(1),
                T0.plusSeconds(43), "1 rolled back: web-1: new container web-1 exited with code 1; last log lines: " + logTail,
                List.of(new RunImage("demo/web", ImageStatus.ROLLED_BACK, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of("web-1"),
                        "web-1: new container web-1 exited with code 1; last log lines: " + logTail)))));
        when(rollouts.of("web-1")).thenReturn(List.of(new RolloutLog.Entry(1, "web-1", "demo/web:" + Fixtures.V1, "demo/web:" + Fixtures.V2,
                "{}", T0.plusSeconds(30), "ROLLED_BACK", "new container web-1 is unhealthy: its HEALTHCHECK said " + health, T0.plusSeconds(32))));
        when(runs.buildLog(8, "demo/web")).thenReturn(Optional.empty());

        String viewer = body(get("/runs/8"));
        String admin = mvc.perform(get("/runs/8").with(user("admin").roles("ADMIN"))).andReturn().getResponse().getContentAsString();

        assertThat(viewer).contains("new container web-1 exited with code 1; last log lines: ⟦container output, shown to ADMINs only⟧")
                .contains("its HEALTHCHECK said ⟦container output, shown to ADMINs only⟧")
                .doesNotContain("hunter2").doesNotContain("abc123").doesNotContain("fatal: refused");
        assertThat(admin).contains("postgres://app:hunter2@db/app | fatal: refused").contains("wget: token=abc123 refused");
    }

    @Test
    void activeRun_isPolledForItsLivePart_andAskedToReloadOnceItEnds() throws Exception {
        Run going = run(6, RunStatus.RUNNING, List.of(new RunImage("demo/web", ImageStatus.PENDING, Fixtures.V2, null, null, null, List.of(), "building")));
        when(runs.find(6)).thenReturn(Optional.of(going));
        when(runs.buildLog(6, "demo/web")).thenReturn(Optional.empty());

        assertThat(body(get("/runs/6"))).contains("hx-get=\"/runs/6/live\"").contains("hx-trigger=\"every 2s\"").contains("updates live")
                .contains(">not yet<");
        mvc.perform(get("/runs/6/live").with(user("viewer").roles("VIEWER"))).andExpect(status().isOk())
                .andExpect(header().doesNotExist("HX-Refresh"))
                .andExpect(content().string(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.startsWith("<section id=\"run-live\""),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<header>")))));

        when(runs.find(6)).thenReturn(Optional.of(run(6, RunStatus.SUCCEEDED, going.images())));
        mvc.perform(get("/runs/6/live").with(user("viewer").roles("VIEWER"))).andExpect(header().string("HX-Refresh", "true"));
    }

    @Test
    void failedRun_offersAnAdminToResumeIt_withTheFormsCsrfToken_andAViewerNothing() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(run(5, RunStatus.FAILED, List.of(
                new RunImage("demo/web", ImageStatus.FAILED, null, null, null, null, List.of(), "push failed")))));
        when(runs.buildLog(5, "demo/web")).thenReturn(Optional.empty());
        when(patchRuns.whyNotResumable(5)).thenReturn(Optional.empty());

        String asAdmin = mvc.perform(get("/runs/5").with(user("admin").roles("ADMIN"))).andReturn().getResponse().getContentAsString();

        assertThat(asAdmin).contains("action=\"/runs/5/resume\"").contains("id=\"resume-run\"").contains("name=\"_csrf\"");
        assertThat(body(get("/runs/5"))).doesNotContain("resume-run");
    }

    @Test
    void runThatCannotBeResumed_saysWhy_insteadOfOfferingTheButton() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(run(5, RunStatus.PARTIAL, List.of())));
        when(patchRuns.whyNotResumable(5)).thenReturn(Optional.of("run 5 cannot be resumed: it is not the latest run of pipeline demo: run 7 came after it"));
        when(runs.resumedBy(5)).thenReturn(Optional.of(7L));

        String page = mvc.perform(get("/runs/5").with(user("admin").roles("ADMIN"))).andReturn().getResponse().getContentAsString();

        assertThat(page).doesNotContain("resume-run").contains("run 7 came after it").contains("href=\"/runs/7\"").contains("Resumed by");
    }

    @Test
    void succeededRun_isNotOffered_andAResumedRunLinksTheRunItContinues_andShowsTheBasesItChecked() throws Exception {
        when(runs.find(8)).thenReturn(Optional.of(new Run(8, "demo", "resume", "admin", RunStatus.SUCCEEDED, T0, T0.plusSeconds(1),
                T0.plusSeconds(9), "1 built", List.of(), 7L, List.of(new RunBase("debian:12", Fixtures.NEW_DIGEST, null),
                new RunBase("alpine:3", null, "registry-1.docker.io answered HTTP 503")))));

        String page = mvc.perform(get("/runs/8").with(user("admin").roles("ADMIN"))).andReturn().getResponse().getContentAsString();

        assertThat(page).doesNotContain("resume-run").contains("Continues").contains("href=\"/runs/7\"")
                .contains("debian:12").contains("sha256:222222222222").contains("could not be checked: registry-1.docker.io answered HTTP 503");
        org.mockito.Mockito.verifyNoInteractions(patchRuns);
    }

    @Test
    void run_showsEachNotificationDelivery_withAttemptsAndTheLastError_andNoSecretOfItsUrl() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(run(5, RunStatus.FAILED, List.of())));
        when(deliveries.of(5)).thenReturn(List.of(
                new Delivery(5, "webhook http://127.0.0.1:9000/hook/…", false, 4,
                        "webhook http://127.0.0.1:9000/hook/… answered HTTP 503: cannot forward to https://hooks.example.com/T000/B000/s3cret-token",
                        T0.plusSeconds(75)),
                new Delivery(5, "email ops@example.com", true, 2, "delivered at attempt 2", T0.plusSeconds(45))));

        String page = body(get("/runs/5"));

        assertThat(page).contains("id=\"deliveries\"").contains("Notifications");
        String failed = page.substring(page.indexOf("id=\"delivery-1\""), page.indexOf("id=\"delivery-2\""));
        assertThat(failed).contains(">webhook<").contains("http://127.0.0.1:9000/hook/…").contains(">FAILED<").contains(">4<")
                .contains("answered HTTP 503: cannot forward to https://hooks.example.com/T000/…").contains("2026-11-23 11:01:15 UTC");
        assertThat(page.substring(page.indexOf("id=\"delivery-2\""))).contains(">email<").contains("ops@example.com")
                .contains(">DELIVERED<").contains(">2<").contains("delivered at attempt 2");
        assertThat(page).doesNotContain("s3cret-token");
    }

    @Test
    void run_withoutDeliveries_hasNoNotificationsSection() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(run(5, RunStatus.SUCCEEDED, List.of())));

        assertThat(body(get("/runs/5"))).doesNotContain("id=\"deliveries\"");
    }

    @Test
    void buildLog_isServedAsPlainText_andUnknownRunsAre404() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(run(5, RunStatus.SUCCEEDED, List.of())));
        when(runs.buildLog(5, "demo/web")).thenReturn(Optional.of("Step 1/3 : FROM debian:12"));

        mvc.perform(get("/runs/5/log").param("image", "demo/web").with(user("viewer").roles("VIEWER")))
                .andExpect(content().contentTypeCompatibleWith("text/plain")).andExpect(content().string("Step 1/3 : FROM debian:12"));
        mvc.perform(get("/runs/5/log").param("image", "demo/api").with(user("viewer").roles("VIEWER"))).andExpect(status().isNotFound());
        mvc.perform(get("/runs/404").with(user("viewer").roles("VIEWER"))).andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("there is no run 404"),
                        org.hamcrest.Matchers.containsString("<span>viewer</span>"))));
    }
}
