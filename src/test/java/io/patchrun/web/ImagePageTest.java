package io.patchrun.web;

import java.util.List;
import java.util.Optional;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.rollout.VolumeSnapshots;

import static io.patchrun.web.Fixtures.V1;
import static io.patchrun.web.Fixtures.V2;
import static io.patchrun.web.Fixtures.V2_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** An image's versions and containers, and the rollback confirmation that says which containers change. */
@WebMvcTest(ImagePage.class)
@WebSlice
@Import({RunningContainers.class, OneEngine.class})
class ImagePageTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    VersionHistory versions;
    @MockitoBean
    PipelineFolder pipelines;
    @MockitoBean
    Containers containers;
    @MockitoBean
    PolicyFindings policy;
    @MockitoBean
    VolumeSnapshots snapshots;

    @BeforeEach
    void image() {
        when(pipelines.list()).thenReturn(List.of(Fixtures.demo()));
        when(versions.versions("demo/web")).thenReturn(Fixtures.webVersions());
        when(containers.runningOf(ImageRef.parse("demo/web"))).thenReturn(List.of("web-1", "web-2"));
        when(containers.inspect("web-1")).thenReturn(Fixtures.container("web-1", V2_ID, ContainerState.Health.HEALTHY));
        when(containers.inspect("web-2")).thenReturn(Fixtures.container("web-2", Fixtures.V1_ID, ContainerState.Health.NONE));
        when(policy.image("demo/web")).thenReturn(new PolicyFindings.Found(List.of(), null));
    }

    private String body(MockHttpServletRequestBuilder request, String user, String role) throws Exception {
        return mvc.perform(request.with(user(user).roles(role))).andReturn().getResponse().getContentAsString();
    }

    @Test
    void showsEveryVersion_whichContainerRunsIt_andARollbackLinkPerPriorVersion() throws Exception {
        String page = body(get("/images/demo--web"), "admin", "ADMIN");

        assertThat(page).contains(V2).contains("current").contains(V1).contains("sha256:111111111111").contains("dddddddddd")
                .contains("href=\"/runs/1\"").contains("web-1").contains("web-2")
                .contains("href=\"/images/demo--web?rollback=" + V1 + "#confirm\"")
                .doesNotContain("rollback=" + V2).contains("Rebuild now").contains("keeps <span>3</span> prior versions");
    }

    @Test
    void containersThePolicyRefuses_areShown_alsoInTheRollbackConfirmation() throws Exception {
        assertThat(body(get("/images/demo--web"), "viewer", "VIEWER")).doesNotContain("id=\"policy\"");
        when(policy.image("demo/web")).thenReturn(new PolicyFindings.Found(List.of(new PolicyFindings.Breach("web-1", "demo/web", "demo",
                List.of("capability (adds capability SYS_ADMIN, which is not allowed)"), List.of())), null));

        assertThat(body(get("/images/demo--web"), "viewer", "VIEWER")).contains("id=\"policy\"")
                .contains("Patchrun does not roll these containers over (nor back)")
                .contains("capability (adds capability SYS_ADMIN, which is not allowed)");
        assertThat(body(get("/images/demo--web").param("rollback", V1), "admin", "ADMIN"))
                .contains("Refused by the policy, so left where they are:").contains("<code>web-1</code> (see Policy below)");
    }

    @Test
    void rollbackConfirmation_offersToRestoreData_listingTheVolumesAndContainersItOverwrites_offByDefault() throws Exception {
        when(snapshots.keptFor("demo/web", Fixtures.V1_ID, "web-1")).thenReturn(Optional.of(new java.util.TreeMap<>(
                java.util.Map.of("db", java.nio.file.Path.of("db.tar"), "uploads", java.nio.file.Path.of("uploads.tar")))));

        String page = body(get("/images/demo--web").param("rollback", V1), "admin", "ADMIN");

        assertThat(page).contains("name=\"restoreData\" value=\"true\" id=\"restore-data\">")
                .doesNotContain("id=\"restore-data\" checked").contains("<li><code>web-1</code>:")
                .contains("<code>db, </code>").contains("<code>uploads</code>");
        assertThat(page.substring(page.indexOf("class=\"overwritten\""), page.indexOf("</ul>", page.indexOf("class=\"overwritten\""))))
                .as("web-2 runs the version already").doesNotContain("web-2");
    }

    @Test
    void rollbackConfirmation_offersNoDataRestore_whenTheVersionHasNoSnapshot() throws Exception {
        String page = body(get("/images/demo--web").param("rollback", V1), "admin", "ADMIN");

        assertThat(page).contains("id=\"confirm-rollback\"").doesNotContain("restoreData");
    }

    @Test
    void showsTheSizeOfAVersionsDataSnapshot_andADashForAVersionWithout() throws Exception {
        when(snapshots.sizeOf("demo/web", Fixtures.V1_ID)).thenReturn(Optional.of(4096L));
        when(snapshots.sizeOf("demo/web", V2_ID)).thenReturn(Optional.empty());

        String page = body(get("/images/demo--web"), "viewer", "VIEWER");

        assertThat(page).contains("<th>Data snapshot</th>");
        assertThat(page.substring(page.indexOf("id=\"version-" + V1 + "\""))).contains("<td class=\"snapshot\">4.0 KB</td>");
        assertThat(page.substring(page.indexOf("id=\"version-" + V2 + "\""), page.indexOf("id=\"version-" + V1 + "\"")))
                .contains("<td class=\"snapshot\">—</td>");
    }

    @Test
    void rollbackConfirmation_namesTheContainersThatWillChange_andThoseAlreadyThere() throws Exception {
        when(containers.runningOf(ImageRef.parse("demo/web"))).thenReturn(List.of("web-1", "web-2"));

        String page = body(get(java.net.URI.create("/images/demo%2Fweb")).param("rollback", V1), "admin", "ADMIN");

        assertThat(page).contains("Roll <span>demo/web</span> back to <code>" + V1 + "</code>?")
                .contains("These containers will change").contains("<code>web-1</code>:").contains("<code>" + V2 + "</code> → <code>" + V1 + "</code>")
                .contains("Already on this version, unchanged:").contains("<code>web-2</code>")
                .contains("action=\"/images/demo--web/rollback\"").contains("name=\"tag\" value=\"" + V1 + "\"").contains("name=\"_csrf\"");
    }

    @Test
    void rollbackConfirmation_withoutContainers_saysNothingWillChange() throws Exception {
        when(containers.runningOf(ImageRef.parse("demo/web"))).thenReturn(List.of());

        assertThat(body(get("/images/demo--web").param("rollback", V1), "admin", "ADMIN")).contains("no container will change");
    }

    @Test
    void rollbackConfirmation_ofTheCurrentOrAnUnknownVersion_is404WithTheVersionsKept() throws Exception {
        for (String tag : List.of(V2, "nope")) {
            mvc.perform(get("/images/demo--web").param("rollback", tag).with(user("admin").roles("ADMIN")))
                    .andExpect(status().isNotFound()).andExpect(content().string(Matchers.containsString("the versions kept are [" + V1 + "]")));
        }
    }

    @Test
    void viewer_seesVersionsButNoRebuildOrRollback() throws Exception {
        assertThat(body(get("/images/demo--web"), "viewer", "VIEWER")).contains(V1).doesNotContain("Rebuild now").doesNotContain("rollback=");
        assertThat(body(get("/images/demo--web").param("rollback", V1), "viewer", "VIEWER"))
                .contains("Rolling back needs the ADMIN role").doesNotContain("confirm-rollback");
    }

    @Test
    void imageNoPipelineHasAndNoneBuilt_is404() throws Exception {
        when(versions.versions("demo/gone")).thenReturn(List.<ImageVersion>of());

        mvc.perform(get("/images/demo--gone").with(user("viewer").roles("VIEWER"))).andExpect(status().isNotFound())
                .andExpect(content().string(Matchers.containsString("no pipeline has an image &#39;demo/gone&#39;")));
    }
}
