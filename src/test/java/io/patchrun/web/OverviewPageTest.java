package io.patchrun.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.SignatureHistory;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.SigningKey;
import io.patchrun.pipeline.VerifySpec;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import io.patchrun.history.BaseState;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.schedule.Schedules;

import static io.patchrun.web.Fixtures.BASE;
import static io.patchrun.web.Fixtures.NEW_DIGEST;
import static io.patchrun.web.Fixtures.V2;
import static io.patchrun.web.Fixtures.V2_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The overview: bases with pending updates, images with versions and containers, last and next run; sections of other features. */
@WebMvcTest(OverviewPage.class)
@WebSlice
@Import({PipelineOverview.class, RunningContainers.class, OverviewPageTest.Sections.class, OneEngine.class})
class OverviewPageTest {

    /** A section another feature adds: drawn by a test template with a model that changes between views. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Sections {

        @Bean
        NoteSection noteSection() {
            return new NoteSection();
        }
    }

    static final class NoteSection implements OverviewSection {

        volatile String note = "first note";

        @Override
        public String template() {
            return "overview-section-test";
        }

        @Override
        public Object model() {
            return note;
        }
    }

    @Autowired
    MockMvc mvc;
    @MockitoBean
    PipelineFolder pipelines;
    @MockitoBean
    Schedules schedules;
    @MockitoBean
    RunHistory runs;
    @MockitoBean
    VersionHistory versions;
    @MockitoBean
    BaseHistory bases;
    @MockitoBean
    Containers containers;
    @MockitoBean
    SignatureHistory signatures;
    @Autowired
    NoteSection section;

    @BeforeEach
    void fleet() {
        when(pipelines.list()).thenReturn(List.of(Fixtures.demo()));
        when(versions.versions("demo/web")).thenReturn(Fixtures.webVersions());
        when(versions.versions("demo/api")).thenReturn(List.of());
        when(bases.bases()).thenReturn(List.of(new BaseState(BASE, "sha256:" + "3".repeat(64), Instant.parse("2026-11-23T11:55:00Z"),
                Instant.parse("2026-11-23T11:00:00Z"), null)));
        when(bases.refsOf(Set.of(NEW_DIGEST))).thenReturn(Map.of(NEW_DIGEST, BASE));
        when(bases.pending("demo")).thenReturn(List.of());
        when(runs.list("demo", null, 0, 1)).thenReturn(List.of(new Run(12, "demo", "ui", "admin", RunStatus.SUCCEEDED,
                Instant.parse("2026-11-23T03:00:00Z"), Instant.parse("2026-11-23T03:00:01Z"), Instant.parse("2026-11-23T03:01:00Z"),
                "1 deployed", List.of())));
        when(schedules.nextRunAt("demo")).thenReturn(Optional.of(Instant.parse("2026-11-24T03:00:00Z")));
        when(schedules.nextWatchAt("demo")).thenReturn(Optional.of(Instant.parse("2026-11-23T12:10:00Z")));
        when(containers.runningOf(ImageRef.parse("demo/web"))).thenReturn(List.of("web-1", "web-2"));
        when(containers.runningOf(ImageRef.parse("demo/api"))).thenReturn(List.of());
        when(containers.inspect("web-1")).thenReturn(Fixtures.container("web-1", V2_ID, ContainerState.Health.HEALTHY));
        when(containers.inspect("web-2")).thenReturn(Fixtures.container("web-2", "sha256:" + "9".repeat(64), ContainerState.Health.UNHEALTHY));
    }

    private String page(String user, String role) throws Exception {
        return mvc.perform(get("/").with(user(user).roles(role))).andReturn().getResponse().getContentAsString();
    }

    @Test
    void showsEachImageWithItsCurrentVersionAgeBaseAndContainers() throws Exception {
        String page = page("viewer", "VIEWER");

        assertThat(page).contains("demo/web").contains(V2).contains("9 h 0 min ago").contains("sha256:222222222222")
                .contains("web-1").contains("running, healthy").contains("web-2").contains("image 999999999999").contains("running, unhealthy")
                .contains("demo/api").contains("not built yet");
    }

    @Test
    void marksABaseWithANewerDigestThanTheImagesWereBuiltOn_asUpdatePending() throws Exception {
        String page = page("viewer", "VIEWER");

        assertThat(page).contains("<code>debian:12</code>").contains("sha256:333333333333").contains("5 min ago").contains("update pending");
    }

    @Test
    void baseWhoseSignatureWasRefused_isMarked_withTheReason() throws Exception {
        Pipeline demo = Fixtures.demo();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        SigningKey key = new SigningKey("keys/cosign.pub", generator.generateKeyPair().getPublic());
        when(pipelines.list()).thenReturn(List.of(new Pipeline(demo.name(), demo.file(), demo.schedule(), demo.watchEvery(), demo.retain(),
                demo.pushTo(), demo.parallel(), demo.repositories(), demo.runOnBaseChange(), demo.notifications(), demo.containers(),
                new VerifySpec(key, Map.of()), demo.policy(), demo.mode(), demo.window())));
        String problem = "base debian:12 at sha256:" + "3".repeat(64) + " has no signature: repository debian has no tag sha256-"
                + "3".repeat(64) + ".sig";
        when(signatures.of("demo")).thenReturn(Map.of(BASE, new SignatureHistory.Checked(BASE, "sha256:" + "3".repeat(64),
                "keys/cosign.pub", problem, WebSlice.NOW)));

        String page = page("viewer", "VIEWER");

        assertThat(page).contains("signature refused").contains(problem);
    }

    @Test
    void pipelineWithoutVerify_showsNoSignatureMarker_andReadsNoSignatureChecks() throws Exception {
        assertThat(page("viewer", "VIEWER")).doesNotContain("signature");
        verifyNoInteractions(signatures);
    }

    @Test
    void showsTheLastRunAndTheNextScheduledRunAndCheck() throws Exception {
        String page = page("viewer", "VIEWER");

        assertThat(page).contains("#12").contains("SUCCEEDED").contains("(ui by admin)").contains("— 1 deployed")
                .contains("next <span title=\"2026-11-24 03:00:00 UTC\">in 15 h 0 min</span>").contains("in 10 min");
    }

    @Test
    void admin_seesRebuildAndCheckButtons_viewerDoesNot() throws Exception {
        assertThat(page("admin", "ADMIN")).contains("Check bases now").contains("Rebuild now").contains("name=\"force\"")
                .contains("action=\"/pipelines/demo/rebuild\"").contains("name=\"_csrf\"");
        assertThat(page("viewer", "VIEWER")).doesNotContain("Check bases now").doesNotContain("Rebuild now").doesNotContain("/rebuild");
    }

    @Test
    void engineThatDoesNotAnswer_isSaidPerImage_andThePageStillShows() throws Exception {
        when(containers.runningOf(any())).thenThrow(new ContainerOperationException("listing the running containers of demo/web failed: connection refused"));

        String page = page("viewer", "VIEWER");

        assertThat(page).contains("demo/web").contains(V2).contains("connection refused");
    }

    @Test
    void sectionOfAnotherFeature_isDrawnAboveThePipelines_withItsModelAsItStandsNow() throws Exception {
        String admin = page("admin", "ADMIN");

        assertThat(admin).contains("id=\"test-section\"");
        String drawn = admin.substring(admin.indexOf("id=\"test-section\""), admin.indexOf("</section>", admin.indexOf("id=\"test-section\"")));
        assertThat(drawn).contains("first note").contains("action=\"/test-section/act\"").as("its form gets the CSRF token").contains("name=\"_csrf\"");
        assertThat(admin.indexOf("id=\"test-section\"")).isLessThan(admin.indexOf("id=\"pipeline-demo\""));
        assertThat(page("viewer", "VIEWER")).contains("first note").doesNotContain("/test-section/act");

        section.note = "second note";

        assertThat(page("viewer", "VIEWER")).contains("second note").doesNotContain("first note");
    }

    @Test
    void idleOverview_pollsItsLivePartSeldom_andTheLivePartIsTheRunsAndPipelinesAlone() throws Exception {
        String page = page("admin", "ADMIN");

        assertThat(page).contains("id=\"overview-live\"").contains("hx-get=\"/overview/live\"")
                .contains("hx-trigger=\"every 5s, runStarted from:body\"").contains("hx-swap=\"outerHTML\"")
                .contains("id=\"overview-notice\"").doesNotContain("Running now");
        assertThat(page.indexOf("id=\"test-section\"")).as("other features' sections are not polled").isLessThan(page.indexOf("id=\"overview-live\""));

        String live = mvc.perform(get("/overview/live").with(user("viewer").roles("VIEWER"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(live).startsWith("<div id=\"overview-live\"").doesNotContain("<header>").doesNotContain("test-section")
                .contains("id=\"pipeline-demo\"").contains("demo/web").contains(V2).contains("#12").contains("SUCCEEDED");
    }

    @Test
    void runningRun_isListedWithItsProgress_andThePageThenPollsOften() throws Exception {
        Run going = new Run(13, "demo", "api", "admin", RunStatus.RUNNING, Instant.parse("2026-11-23T11:59:40Z"),
                Instant.parse("2026-11-23T11:59:42Z"), null, null, List.of());
        when(runs.list("demo", null, 0, 1)).thenReturn(List.of(going));
        when(runs.find(13)).thenReturn(Optional.of(new Run(13, "demo", "api", "admin", RunStatus.RUNNING, going.createdAt(), going.startedAt(),
                null, null, List.of(new RunImage("demo/web", ImageStatus.BUILT, V2, NEW_DIGEST, null, 900L, List.of(), null),
                RunImage.pending("demo/api")))));

        String live = mvc.perform(get("/overview/live").with(user("viewer").roles("VIEWER"))).andReturn().getResponse().getContentAsString();

        assertThat(live).contains("hx-trigger=\"every 2s, runStarted from:body\"").contains("Running now");
        String row = live.substring(live.indexOf("id=\"running-13\""), live.indexOf("</div>", live.indexOf("id=\"running-13\"")));
        assertThat(row).contains("href=\"/runs/13\"").contains("demo").contains("RUNNING").contains("(api by admin)").contains("for 18 s")
                .contains("1 of 2 images done");
        assertThat(live.substring(live.indexOf("id=\"pipeline-demo\""))).as("the pipeline's last run is the one going").contains("#13").contains("RUNNING");
    }

    @Test
    void forceCheckbox_isKeptAsTheUserLeftItWhenTheLivePartIsSwapped_andRebuildButtonsStayOnTheOverview() throws Exception {
        String live = mvc.perform(get("/overview/live").with(user("admin").roles("ADMIN"))).andReturn().getResponse().getContentAsString();

        assertThat(live).contains("id=\"force-demo\" hx-preserve=\"true\"")
                .contains("hx-post=\"/pipelines/demo/rebuild\" hx-target=\"#overview-notice\"").contains("name=\"_csrf\"");
    }

    @Test
    void livePart_askedForWithoutASession_tellsThePageToReload_soTheLoginPageIsNotDrawnInsideIt() throws Exception {
        mvc.perform(get("/overview/live").header("HX-Request", "true")).andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Refresh", "true"));
        mvc.perform(get("/overview/live").accept("text/html")).andExpect(status().isFound()).andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));
    }

    @Test
    void noPipelines_saysWhereTheyComeFrom() throws Exception {
        when(pipelines.list()).thenReturn(List.of());
        when(schedules.nextRunAt(anyString())).thenReturn(Optional.empty());

        assertThat(page("viewer", "VIEWER")).contains("No pipelines.");
    }
}
