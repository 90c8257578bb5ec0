package io.patchrun.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.demo.Demo;
import io.patchrun.demo.DemoStatus;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.BaseState;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
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
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** The overview: bases with pending updates, images with versions and containers, last and next run. */
@WebMvcTest(OverviewPage.class)
@WebSlice
@Import({PipelineOverview.class, RunningContainers.class})
class OverviewPageTest {

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
    Demo demo;

    @BeforeEach
    void fleet() {
        when(demo.status()).thenReturn(new DemoStatus(false, List.of(), List.of(), "no demo pipeline", false));
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
    void demoPipeline_showsItsActionsToAdmins_andHowToRemoveIt() throws Exception {
        when(demo.status()).thenReturn(new DemoStatus(true, List.of("container demo-web on http://127.0.0.1:8081/ (made now)"),
                List.of("docker rm -f demo-web demo-api"), "published base release 2", false));

        String admin = page("admin", "ADMIN");

        assertThat(admin).contains("Demo fleet").contains("action=\"/demo/publish-base\"").contains("action=\"/demo/break-next\"")
                .doesNotContain("/demo/fix-next").contains("published base release 2")
                .contains("container demo-web on http://127.0.0.1:8081/ (made now)").contains("docker rm -f demo-web demo-api");
        assertThat(page("viewer", "VIEWER")).contains("Demo fleet").doesNotContain("/demo/publish-base");

        when(demo.status()).thenReturn(new DemoStatus(true, List.of(), List.of(), "next web version broken", true));

        assertThat(page("admin", "ADMIN")).contains("action=\"/demo/fix-next\"").doesNotContain("/demo/break-next");
    }

    @Test
    void noDemoPipeline_showsNoDemo() throws Exception {
        assertThat(page("admin", "ADMIN")).doesNotContain("Demo fleet").doesNotContain("/demo/publish-base");
    }

    @Test
    void noPipelines_saysWhereTheyComeFrom() throws Exception {
        when(pipelines.list()).thenReturn(List.of());
        when(schedules.nextRunAt(anyString())).thenReturn(Optional.empty());

        assertThat(page("viewer", "VIEWER")).contains("No pipelines.");
    }
}
