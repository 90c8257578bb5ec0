package io.patchrun.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchrun.batch.RunRequest;
import io.patchrun.container.ContainerOutput;
import io.patchrun.fleet.Fleet;
import io.patchrun.fleet.FleetReader;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.BaseState;
import io.patchrun.history.DeliveryHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunBase;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.notify.Delivery;
import io.patchrun.plan.DependencyGraph;
import io.patchrun.plan.FleetImage;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.BaseChecks;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRefused;
import io.patchrun.schedule.Schedules;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every CONTRACT call of the JSON API and every error it answers, as JSON, with the real security rules. */
@WebMvcTest({HistoryApi.class, PipelinesApi.class, RunsApi.class, ApiFallback.class})
@WebSlice
class ApiMvcTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    RunHistory runs;
    @MockitoBean
    VersionHistory versions;
    @MockitoBean
    BaseHistory bases;
    @MockitoBean
    PipelineFolder pipelines;
    @MockitoBean
    Schedules schedules;
    @MockitoBean
    FleetReader fleets;
    @MockitoBean
    PatchRuns patchRuns;
    @MockitoBean
    BaseChecks checks;
    @MockitoBean
    DeliveryHistory deliveries;

    private ResultActions admin(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(httpBasic("admin", "s3cret-admin")));
    }

    private ResultActions viewer(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(httpBasic("viewer", "look-only")));
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static void error(ResultActions result, int status, String error, String detail) throws Exception {
        result.andExpect(status().is(status)).andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value(error)).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(detail)));
    }

    @Test
    void pipelines_listNameFileImagesScheduleAndNextRun() throws Exception {
        when(pipelines.list()).thenReturn(List.of(Fixtures.demo()));
        when(schedules.nextRunAt("demo")).thenReturn(Optional.of(Instant.parse("2026-11-24T03:00:00Z")));

        viewer(get("/api/pipelines")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("demo")).andExpect(jsonPath("$[0].file").value("pipelines/demo.yml"))
                .andExpect(jsonPath("$[0].images").value(org.hamcrest.Matchers.contains("demo/web", "demo/api")))
                .andExpect(jsonPath("$[0].schedule").value("0 0 3 * * ?")).andExpect(jsonPath("$[0].nextRunAt").value("2026-11-24T03:00:00Z"));
    }

    @Test
    void plan_givesBasesEdgesAndLevels_404ForAnUnknownPipeline() throws Exception {
        when(pipelines.find("demo")).thenReturn(Optional.of(Fixtures.demo()));
        when(fleets.read(Fixtures.demo())).thenReturn(new Fleet(Fixtures.demo(), Map.of(), DependencyGraph.of(List.of(
                FleetImage.readable("demo/web", Set.of(ImageRef.parse("demo/web")), List.of(ImageRef.parse("debian:12"))),
                FleetImage.readable("demo/api", Set.of(ImageRef.parse("demo/api")), List.of(ImageRef.parse("demo/web")))))));

        viewer(get("/api/pipelines/demo/plan")).andExpect(status().isOk())
                .andExpect(jsonPath("$.bases[0]").value("debian:12"))
                .andExpect(jsonPath("$.edges[?(@.from == 'demo/web')].to").value(org.hamcrest.Matchers.contains("demo/api")))
                .andExpect(jsonPath("$.levels[0][0]").value("demo/web")).andExpect(jsonPath("$.levels[1][0]").value("demo/api"));
        error(viewer(get("/api/pipelines/nope/plan")), 404, "not_found", "no pipeline 'nope'");
    }

    @Test
    void startRun_is202WithTheRunsId_recordedAsTheUser() throws Exception {
        when(patchRuns.start("demo", new RunRequest(List.of("demo/web"), true), "api", "admin")).thenReturn(42L);

        admin(json(post("/api/pipelines/demo/runs"), "{\"images\":[\"demo/web\"],\"force\":true}"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.id").value(42));
    }

    @Test
    void startRun_errors_400_404_409() throws Exception {
        when(patchRuns.start(eq("demo"), eq(new RunRequest(List.of("demo/x"), false)), anyString(), anyString()))
                .thenThrow(new RunRefused(RunRefused.Reason.BAD_REQUEST, "pipeline demo has no image [demo/x]"));
        when(patchRuns.start(eq("nope"), any(), anyString(), anyString()))
                .thenThrow(new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE, "no pipeline 'nope'"));
        when(patchRuns.start(eq("busy"), any(), anyString(), anyString()))
                .thenThrow(new RunRefused(RunRefused.Reason.RUN_ACTIVE, "run 3 of pipeline busy is still going"));

        error(admin(json(post("/api/pipelines/demo/runs"), "{\"images\":[\"demo/x\"]}")), 400, "bad_request", "has no image [demo/x]");
        error(admin(json(post("/api/pipelines/demo/runs"), "{\"images\":")), 400, "bad_request", "not the JSON this call takes");
        error(admin(post("/api/pipelines/nope/runs")), 404, "not_found", "no pipeline 'nope'");
        error(admin(post("/api/pipelines/busy/runs")), 409, "conflict", "still going");
    }

    @Test
    void runs_listNewestFirst_withFilterAndPage_400ForBadInput() throws Exception {
        when(runs.list("demo", RunStatus.FAILED, 10, 5)).thenReturn(List.of(new Run(7, "demo", "ui", "admin", RunStatus.FAILED,
                Instant.parse("2026-11-23T03:00:00Z"), null, null, "1 failed", List.of())));

        viewer(get("/api/runs?pipeline=demo&status=failed&offset=10&limit=5")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(7)).andExpect(jsonPath("$[0].status").value("FAILED"));
        error(viewer(get("/api/runs?status=DONE")), 400, "bad_request", "status 'DONE' is not one of");
        error(viewer(get("/api/runs?limit=501")), 400, "bad_request", "limit 1-500");
        error(viewer(get("/api/runs?offset=x")), 400, "bad_request", "'offset' cannot be 'x'");
    }

    @Test
    void run_addsItsDeliveries_withEveryUrlRedacted() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(new Run(5, "demo", "api", "admin", RunStatus.FAILED, Instant.parse("2026-11-23T03:00:00Z"),
                Instant.parse("2026-11-23T03:00:01Z"), Instant.parse("2026-11-23T03:01:00Z"), "1 failed", List.of())));
        when(deliveries.of(5)).thenReturn(List.of(
                new Delivery(5, "slack https://hooks.slack.com/services/…", true, 1, "delivered", Instant.parse("2026-11-23T03:01:01Z")),
                new Delivery(5, "webhook http://127.0.0.1:9000/hook/…", false, 4,
                        "webhook http://127.0.0.1:9000/hook/… answered HTTP 500: no route to http://127.0.0.1:9000/hook/T0/s3cret-token",
                        Instant.parse("2026-11-23T03:01:32Z"))));

        viewer(get("/api/runs/5")).andExpect(status().isOk()).andExpect(jsonPath("$.id").value(5)).andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.deliveries[0].kind").value("slack"))
                .andExpect(jsonPath("$.deliveries[0].target").value("https://hooks.slack.com/services/…"))
                .andExpect(jsonPath("$.deliveries[0].status").value("DELIVERED")).andExpect(jsonPath("$.deliveries[0].attempts").value(1))
                .andExpect(jsonPath("$.deliveries[1].kind").value("webhook")).andExpect(jsonPath("$.deliveries[1].status").value("FAILED"))
                .andExpect(jsonPath("$.deliveries[1].attempts").value(4)).andExpect(jsonPath("$.deliveries[1].at").value("2026-11-23T03:01:32Z"))
                .andExpect(jsonPath("$.deliveries[1].message").value(
                        "webhook http://127.0.0.1:9000/hook/… answered HTTP 500: no route to http://127.0.0.1:9000/hook/…"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("s3cret-token"))));
    }

    @Test
    void runs_withholdTheContainersOutputFromViewers_butNotFromAdmins() throws Exception {
        String said = "web-1: new container web-1 exited with code 1; last log lines: " + ContainerOutput.quote("DATABASE_URL=postgres://app:hunter2@db");
        Run run = new Run(9, "demo", "api", "admin", RunStatus.ROLLED_BACK, Instant.parse("2026-11-23T03:00:00Z"), Instant.parse("2026-11-23T03:00:01Z"),
                Instant.parse("2026-11-23T03:01:00Z"), "1 rolled back; " + said,
                List.of(new RunImage("demo/web", ImageStatus.ROLLED_BACK, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of("web-1"), said)));
        when(runs.find(9)).thenReturn(Optional.of(run));
        when(runs.list(null, null, 0, 50)).thenReturn(List.of(run));
        String withheld = "web-1: new container web-1 exited with code 1; last log lines: ⟦container output, shown to ADMINs only⟧";

        viewer(get("/api/runs/9")).andExpect(status().isOk()).andExpect(jsonPath("$.images[0].message").value(withheld))
                .andExpect(jsonPath("$.message").value("1 rolled back; " + withheld)).andExpect(jsonPath("$.images[0].status").value("ROLLED_BACK"));
        viewer(get("/api/runs")).andExpect(jsonPath("$[0].images[0].message").value(withheld));
        admin(get("/api/runs/9")).andExpect(jsonPath("$.images[0].message").value(said));
    }

    @Test
    void run_givesEveryContractField_404WhenUnknown_400WhenNotAnId() throws Exception {
        when(runs.find(5)).thenReturn(Optional.of(new Run(5, "demo", "api", "admin", RunStatus.SUCCEEDED, Instant.parse("2026-11-23T03:00:00Z"),
                Instant.parse("2026-11-23T03:00:01Z"), Instant.parse("2026-11-23T03:01:00Z"), "1 deployed",
                List.of(new RunImage("demo/web", ImageStatus.DEPLOYED, Fixtures.V2, Fixtures.NEW_DIGEST, "c".repeat(40), 2400L, List.of("web-1"), "ok")))));

        viewer(get("/api/runs/5")).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(5)).andExpect(jsonPath("$.pipeline").value("demo")).andExpect(jsonPath("$.trigger").value("api"))
                .andExpect(jsonPath("$.status").value("SUCCEEDED")).andExpect(jsonPath("$.startedAt").value("2026-11-23T03:00:01Z"))
                .andExpect(jsonPath("$.endedAt").value("2026-11-23T03:01:00Z"))
                .andExpect(jsonPath("$.images[0].name").value("demo/web")).andExpect(jsonPath("$.images[0].status").value("DEPLOYED"))
                .andExpect(jsonPath("$.images[0].tag").value(Fixtures.V2)).andExpect(jsonPath("$.images[0].baseDigest").value(Fixtures.NEW_DIGEST))
                .andExpect(jsonPath("$.images[0].commit").value("c".repeat(40))).andExpect(jsonPath("$.images[0].buildMillis").value(2400))
                .andExpect(jsonPath("$.images[0].containers[0]").value("web-1")).andExpect(jsonPath("$.images[0].message").value("ok"))
                .andExpect(jsonPath("$.deliveries").isEmpty());
        error(viewer(get("/api/runs/6")), 404, "not_found", "no run with id 6");
        error(viewer(get("/api/runs/six")), 400, "bad_request", "'id' cannot be 'six'");
    }

    @Test
    void versions_newestFirstWithCurrent_byEitherSpellingOfTheName_404WhenNoneBuilt() throws Exception {
        when(versions.versions("demo/web")).thenReturn(Fixtures.webVersions());

        for (String path : List.of("/api/images/demo--web/versions", "/api/images/demo%2Fweb/versions")) {
            viewer(get(URI.create(path))).andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].tag").value(Fixtures.V2)).andExpect(jsonPath("$[0].current").value(true))
                    .andExpect(jsonPath("$[0].imageId").value(Fixtures.V2_ID)).andExpect(jsonPath("$[0].baseDigest").value(Fixtures.NEW_DIGEST))
                    .andExpect(jsonPath("$[0].builtAt").value("2026-11-23T03:00:00Z")).andExpect(jsonPath("$[1].current").value(false));
        }
        error(viewer(get("/api/images/demo--none/versions")), 404, "not_found", "no versions of image 'demo/none'");
    }

    @Test
    void rollback_is202_defaultingToThePreviousVersion_withErrors_400_404_409() throws Exception {
        when(patchRuns.rollback("demo/web", null, false, "admin")).thenReturn(43L);
        when(patchRuns.rollback("demo/web", "gone", false, "admin")).thenThrow(new RunRefused(RunRefused.Reason.BAD_REQUEST, "version gone of demo/web was pruned"));
        when(patchRuns.rollback(eq("demo/none"), any(), eq(false), anyString())).thenThrow(new RunRefused(RunRefused.Reason.UNKNOWN_PIPELINE, "no pipeline has an image 'demo/none'"));
        when(patchRuns.rollback(eq("demo/busy"), any(), eq(false), anyString())).thenThrow(new RunRefused(RunRefused.Reason.RUN_ACTIVE, "run 3 of pipeline demo is still going"));

        admin(post("/api/images/demo--web/rollback")).andExpect(status().isAccepted()).andExpect(jsonPath("$.id").value(43));
        error(admin(json(post("/api/images/demo--web/rollback"), "{\"tag\":\"gone\"}")), 400, "bad_request", "was pruned");
        error(admin(json(post("/api/images/demo--none/rollback"), "{}")), 404, "not_found", "no pipeline has an image");
        error(admin(json(post("/api/images/demo--busy/rollback"), "{}")), 409, "conflict", "still going");
    }

    @Test
    void rollback_restoresData_onlyWhenTheBodyAsksForIt() throws Exception {
        when(patchRuns.rollback("demo/web", "v1", true, "admin")).thenReturn(44L);
        when(patchRuns.rollback("demo/web", "v1", false, "admin")).thenReturn(45L);

        admin(json(post("/api/images/demo--web/rollback"), "{\"tag\":\"v1\",\"restoreData\":true}")).andExpect(jsonPath("$.id").value(44));
        admin(json(post("/api/images/demo--web/rollback"), "{\"tag\":\"v1\"}")).andExpect(jsonPath("$.id").value(45));
        admin(json(post("/api/images/demo--web/rollback"), "{\"tag\":\"v1\",\"restoreData\":false}")).andExpect(jsonPath("$.id").value(45));
    }

    @Test
    void resume_is202WithTheNewRunsId_withErrors_400_404_409() throws Exception {
        when(patchRuns.resume(7, "admin")).thenReturn(8L);
        when(patchRuns.resume(eq(5L), anyString())).thenThrow(new RunRefused(RunRefused.Reason.BAD_REQUEST,
                "run 5 cannot be resumed: it ended SUCCEEDED: only a FAILED or PARTIAL run can be resumed"));
        when(patchRuns.resume(eq(404L), anyString())).thenThrow(new RunRefused(RunRefused.Reason.UNKNOWN_RUN, "there is no run 404"));
        when(patchRuns.resume(eq(6L), anyString())).thenThrow(new RunRefused(RunRefused.Reason.RUN_ACTIVE,
                "run 9 of pipeline demo is still going; wait for it to end"));

        admin(post("/api/runs/7/resume")).andExpect(status().isAccepted()).andExpect(jsonPath("$.id").value(8));
        error(admin(post("/api/runs/5/resume")), 400, "bad_request", "ended SUCCEEDED: only a FAILED or PARTIAL run can be resumed");
        error(admin(post("/api/runs/404/resume")), 404, "not_found", "there is no run 404");
        error(admin(post("/api/runs/6/resume")), 409, "conflict", "still going");
        error(admin(post("/api/runs/x/resume")), 400, "bad_request", "'id' cannot be 'x'");
    }

    @Test
    void run_namesTheRunItResumes_andTheBasesItChecked() throws Exception {
        when(runs.find(8)).thenReturn(Optional.of(new Run(8, "demo", "resume", "admin", RunStatus.SUCCEEDED, Instant.parse("2026-11-23T03:00:00Z"),
                null, null, "1 built", List.of(), 7L, List.of(new RunBase("debian:12", Fixtures.NEW_DIGEST, null),
                new RunBase("alpine:3", null, "registry-1.docker.io answered HTTP 503")))));

        viewer(get("/api/runs/8")).andExpect(status().isOk()).andExpect(jsonPath("$.resumes").value(7))
                .andExpect(jsonPath("$.bases[0].ref").value("debian:12")).andExpect(jsonPath("$.bases[0].digest").value(Fixtures.NEW_DIGEST))
                .andExpect(jsonPath("$.bases[1].problem").value("registry-1.docker.io answered HTTP 503"));
    }

    @Test
    void bases_listed_andCheckedOnRequest() throws Exception {
        when(bases.bases()).thenReturn(List.of(new BaseState("debian:12", Fixtures.NEW_DIGEST, Instant.parse("2026-11-23T11:00:00Z"),
                Instant.parse("2026-11-22T11:00:00Z"), null)));
        when(checks.checkAll()).thenReturn(List.of("debian:12"));

        viewer(get("/api/bases")).andExpect(status().isOk()).andExpect(jsonPath("$[0].ref").value("debian:12"))
                .andExpect(jsonPath("$[0].digest").value(Fixtures.NEW_DIGEST)).andExpect(jsonPath("$[0].checkedAt").value("2026-11-23T11:00:00Z"))
                .andExpect(jsonPath("$[0].changedAt").value("2026-11-22T11:00:00Z"));
        admin(post("/api/bases/check")).andExpect(status().isOk()).andExpect(jsonPath("$.changed[0]").value("debian:12"));
    }

    @Test
    void everyCall_needsAUser_401_andEveryChange_theAdminRole_403() throws Exception {
        for (MockHttpServletRequestBuilder call : List.of(get("/api/pipelines"), get("/api/pipelines/demo/plan"), get("/api/runs"),
                get("/api/runs/1"), get("/api/images/demo--web/versions"), get("/api/bases"), post("/api/pipelines/demo/runs"),
                post("/api/images/demo--web/rollback"), post("/api/runs/1/resume"), post("/api/bases/check"))) {
            error(mvc.perform(call), 401, "unauthorized", "log in");
        }
        for (MockHttpServletRequestBuilder change : List.of(post("/api/pipelines/demo/runs"), post("/api/images/demo--web/rollback"),
                post("/api/runs/1/resume"), post("/api/bases/check"))) {
            error(viewer(change), 403, "forbidden", "user 'viewer' may only read");
        }
        error(mvc.perform(get("/api/runs").with(httpBasic("admin", "wrong"))), 401, "unauthorized", "log in");
        verifyNoInteractions(patchRuns, checks);
    }

    @Test
    void unknownCall_is404Json() throws Exception {
        error(viewer(get("/api/nothing-here")), 404, "not_found", "no such API call");
    }
}
