package io.patchrun.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.patchrun.batch.RunRequest;
import io.patchrun.run.BaseChecks;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRefused;

/** The POSTs behind the pages' buttons: who may send them, what they start, and where they lead. */
@WebMvcTest(UiActions.class)
@WebSlice
class UiActionsTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    PatchRuns runs;
    @MockitoBean
    BaseChecks checks;

    @Test
    void rebuildPipeline_startsARunAsTheUser_andLeadsToItsPage() throws Exception {
        when(runs.start("demo", new RunRequest(List.of(), true), "ui", "admin")).thenReturn(7L);

        mvc.perform(post("/pipelines/demo/rebuild").param("force", "true").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/runs/7"));
    }

    @Test
    void rebuildImage_withoutForce_startsARunOfThatImage() throws Exception {
        when(runs.start("demo", new RunRequest(List.of("demo/web"), false), "ui", "admin")).thenReturn(8L);

        mvc.perform(post("/pipelines/demo/rebuild").param("image", "demo/web").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/runs/8"));
    }

    @Test
    void rebuildFromTheOverviewsButtons_answersANoticeNamingTheRun_andTellsTheOverviewToRefresh() throws Exception {
        when(runs.start("demo", new RunRequest(List.of(), false), "ui", "admin")).thenReturn(9L);

        mvc.perform(post("/pipelines/demo/rebuild").header("HX-Request", "true").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk()).andExpect(header().string("HX-Trigger", "runStarted"))
                .andExpect(content().string(Matchers.allOf(Matchers.containsString("href=\"/runs/9\""),
                        Matchers.containsString("rebuild of pipeline demo"), Matchers.not(Matchers.containsString("<header>")))));
    }

    @Test
    void rebuildFromTheOverviewsButtons_refused_answersTheReason_andStartsNoRefresh() throws Exception {
        when(runs.start(anyString(), any(), anyString(), anyString()))
                .thenThrow(new RunRefused(RunRefused.Reason.RUN_ACTIVE, "run 3 of pipeline demo is still going; wait for it to end"));

        mvc.perform(post("/pipelines/demo/rebuild").param("image", "demo/web").header("HX-Request", "true")
                        .with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk()).andExpect(header().doesNotExist("HX-Trigger"))
                .andExpect(content().string(Matchers.containsString(
                        "Rebuild of demo/web not started: run 3 of pipeline demo is still going; wait for it to end")));
    }

    @Test
    void rebuild_refused_goesBackWithTheReason() throws Exception {
        when(runs.start(anyString(), any(), anyString(), anyString()))
                .thenThrow(new RunRefused(RunRefused.Reason.RUN_ACTIVE, "run 3 of pipeline demo is still going; wait for it to end"));

        mvc.perform(post("/pipelines/demo/rebuild").param("image", "demo/web").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/images/demo--web"))
                .andExpect(flash().attribute("problem", "Rebuild of demo/web not started: run 3 of pipeline demo is still going; wait for it to end"));
        mvc.perform(post("/pipelines/demo/rebuild").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/"))
                .andExpect(flash().attribute("problem", Matchers.startsWith("Rebuild of pipeline demo not started")));
    }

    @Test
    void resume_startsTheNewRunAsTheUser_andLeadsToItsPage_orBackWithTheReason() throws Exception {
        when(runs.resume(7, "admin")).thenReturn(8L);
        when(runs.resume(5, "admin")).thenThrow(new RunRefused(RunRefused.Reason.BAD_REQUEST,
                "run 5 cannot be resumed: it is not the latest run of pipeline demo: run 7 came after it; resume that one, or start a new run"));

        mvc.perform(post("/runs/7/resume").with(user("admin").roles("ADMIN")).with(csrf())).andExpect(redirectedUrl("/runs/8"));
        mvc.perform(post("/runs/5/resume").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/runs/5"))
                .andExpect(flash().attribute("problem", Matchers.startsWith("Run 5 not resumed: run 5 cannot be resumed: it is not the latest run")));
    }

    @Test
    void resume_needsTheAdminRoleAndTheFormsCsrfToken() throws Exception {
        mvc.perform(post("/runs/7/resume").with(user("viewer").roles("VIEWER")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/runs/7/resume").with(user("admin").roles("ADMIN"))).andExpect(status().isForbidden());
        verifyNoInteractions(runs);
    }

    @Test
    void rollback_startsARollbackRunAsTheUser() throws Exception {
        when(runs.rollback("demo/web", "20261122-030000-1", false, "admin")).thenReturn(9L);

        mvc.perform(post("/images/demo--web/rollback").param("tag", "20261122-030000-1").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/runs/9"));
    }

    @Test
    void rollback_restoresData_whenTheConfirmationsBoxIsTicked() throws Exception {
        when(runs.rollback("demo/web", "20261122-030000-1", true, "admin")).thenReturn(10L);

        mvc.perform(post("/images/demo--web/rollback").param("tag", "20261122-030000-1").param("restoreData", "true")
                        .with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/runs/10"));
    }

    @Test
    void rollback_refused_goesBackToTheImageWithTheReason() throws Exception {
        when(runs.rollback("demo/web", "gone", false, "admin"))
                .thenThrow(new RunRefused(RunRefused.Reason.BAD_REQUEST, "version gone of demo/web was pruned"));

        mvc.perform(post("/images/demo--web/rollback").param("tag", "gone").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/images/demo--web"))
                .andExpect(flash().attribute("problem", "Rollback of demo/web to gone not started: version gone of demo/web was pruned"));
    }

    @Test
    void checkBases_saysWhatChanged() throws Exception {
        when(checks.checkAll()).thenReturn(List.of("debian:12"));

        mvc.perform(post("/bases/check").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/"))
                .andExpect(flash().attribute("notice", Matchers.containsString("new digests for debian:12")));
    }

    @Test
    void viewer_isRefusedEveryAction_andNothingStarts() throws Exception {
        for (String path : List.of("/pipelines/demo/rebuild", "/images/demo--web/rollback?tag=t", "/bases/check")) {
            mvc.perform(post(path).with(user("viewer").roles("VIEWER")).with(csrf())).andExpect(status().isForbidden());
        }
        verifyNoInteractions(runs, checks);
    }

    @Test
    void actions_withoutCsrfToken_orByGet_changeNothing() throws Exception {
        mvc.perform(post("/bases/check").with(user("admin").roles("ADMIN"))).andExpect(status().isForbidden());
        mvc.perform(get("/pipelines/demo/rebuild").with(user("admin").roles("ADMIN"))).andExpect(status().isMethodNotAllowed());
        mvc.perform(get("/bases/check").with(user("admin").roles("ADMIN"))).andExpect(status().isMethodNotAllowed());
        verifyNoInteractions(runs, checks);
    }

    @Test
    void actions_withoutLogin_leadABrowserToTheLoginForm_andAskOthersForCredentials() throws Exception {
        mvc.perform(post("/bases/check").accept(MediaType.TEXT_HTML).with(csrf())).andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(post("/bases/check").with(csrf())).andExpect(status().isUnauthorized());
        verify(checks, org.mockito.Mockito.never()).checkAll();
    }
}
