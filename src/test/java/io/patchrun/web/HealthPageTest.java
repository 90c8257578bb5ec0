package io.patchrun.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.RunLeases;
import io.patchrun.history.BaseState;
import io.patchrun.pipeline.PipelineError;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.schedule.Schedules;
import io.patchrun.status.EngineStatus;
import io.patchrun.status.RegistryStatus;
import io.patchrun.status.SystemStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/** The health page: engine, registries, base checks, Git, scheduler and broken pipeline files; and the login page. */
@WebMvcTest({HealthPage.class, LoginPage.class})
@WebSlice
class HealthPageTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SystemStatus status;
    @MockitoBean
    GitProbe git;
    @MockitoBean
    Scheduler scheduler;
    @MockitoBean
    Schedules schedules;
    @MockitoBean
    PipelineFolder pipelines;
    @MockitoBean
    BaseHistory bases;
    @MockitoBean
    PolicyFindings policy;
    @MockitoBean
    RunLeases leases;

    @BeforeEach
    void healthy() throws Exception {
        when(pipelines.list()).thenReturn(List.of(Fixtures.demo()));
        when(status.engine()).thenReturn(new EngineStatus("unix:///var/run/docker.sock", true, "20.10.24", "1.41", null));
        when(status.registries()).thenReturn(List.of(new RegistryStatus("127.0.0.1:5000", true, null),
                new RegistryStatus("127.0.0.1:9", false, "nothing answers at http://127.0.0.1:9/v2/")));
        when(bases.bases()).thenReturn(List.of(new BaseState("debian:12", null, Instant.parse("2026-11-23T11:59:00Z"), null,
                "HEAD https://registry-1.docker.io/v2/library/debian/manifests/12 timed out")));
        when(git.probe(List.of(Fixtures.demo()))).thenReturn(List.of(new GitProbe.Reachability("demo", "https://git.example.com/demo.git",
                null, false, null, 5000, "git ls-remote failed: connection refused")));
        when(scheduler.isStarted()).thenReturn(true);
        when(schedules.nextRunAt("demo")).thenReturn(Optional.of(Instant.parse("2026-11-24T03:00:00Z")));
        when(schedules.nextWatchAt("demo")).thenReturn(Optional.empty());
        when(pipelines.errors()).thenReturn(Map.of());
        when(policy.fleet()).thenReturn(new PolicyFindings.Found(List.of(), null));
        when(leases.instance()).thenReturn("host-1-a1b2c3");
    }

    private String page() throws Exception {
        return mvc.perform(get("/health").with(user("viewer").roles("VIEWER"))).andReturn().getResponse().getContentAsString();
    }

    @Test
    void saysWhatAnswersAndWhyTheRestDoesNot() throws Exception {
        String page = page();

        assertThat(page).contains("unix:///var/run/docker.sock").contains("Docker <span>20.10.24</span>, API <span>1.41</span>")
                .contains("127.0.0.1:9").contains("nothing answers at http://127.0.0.1:9/v2/")
                .contains("debian:12").contains("timed out")
                .contains("https://git.example.com/demo.git").contains("git ls-remote failed: connection refused")
                .contains("<span class=\"ok\">running</span>").contains("0 0 3 * * ?").contains("in 15 h 0 min").contains("15 min");
    }

    @Test
    void showsThisInstance_andWhoHoldsEachRunLease() throws Exception {
        when(leases.shared()).thenReturn(true);
        when(leases.all()).thenReturn(List.of(new RunLeases.Lease("demo", "host-2-d4e5f6", 12L, Instant.now().plusSeconds(20))));

        assertThat(page()).contains("This instance: <code>host-1-a1b2c3</code>").contains("(database shared with other instances)")
                .contains("<code>host-2-d4e5f6</code>").contains("href=\"/runs/12\"");
    }

    @Test
    void schedulerInStandby_andBrokenPipelineFiles_areShown() throws Exception {
        when(scheduler.isInStandbyMode()).thenReturn(true);
        when(pipelines.errors()).thenReturn(Map.of(Path.of("pipelines/bad.yml"),
                List.of(new PipelineError(Path.of("pipelines/bad.yml"), 3, 7, "name", "must match [a-z0-9-]+, got 'Bad'"))));

        assertThat(page()).contains("in standby: no schedule fires").contains("Pipeline files not used until fixed")
                .contains("pipelines/bad.yml:3");
    }

    @Test
    void containersThatBreakThePolicy_areListed_withWhatIsRefusedAndWhatIsAllowed() throws Exception {
        assertThat(page()).contains("No running container breaks the policy.");

        when(policy.fleet()).thenReturn(new PolicyFindings.Found(List.of(
                new PolicyFindings.Breach("web-root", "demo/web", "demo", List.of("host-path (mounts the host's root /)"), List.of()),
                new PolicyFindings.Breach("backup-agent", "demo/api", "demo", List.of(),
                        List.of("docker-socket (mounts the Docker socket /var/run/docker.sock)"))), null));

        assertThat(page()).contains("1 container(s) refused by the policy")
                .contains("<code>web-root</code>").contains("host-path (mounts the host&#39;s root /)").contains("href=\"/images/demo--web\"")
                .contains("<code>backup-agent</code>").contains("nothing: rolled over like any other")
                .contains("docker-socket (mounts the Docker socket /var/run/docker.sock)");
    }

    @Test
    void schedulerThatCannotBeAsked_saysSo() throws Exception {
        when(scheduler.getCurrentlyExecutingJobs()).thenThrow(new SchedulerException("job store closed"));

        assertThat(page()).contains("the scheduler could not be asked: job store closed");
    }

    @Test
    void engineThatDoesNotAnswer_isShownWithTheReason() throws Exception {
        when(status.engine()).thenReturn(EngineStatus.down("unix:///var/run/docker.sock", "nothing listens at /var/run/docker.sock"));

        assertThat(page()).contains("does not answer").contains("nothing listens at /var/run/docker.sock");
    }

    @Test
    void health_needsALogin_butTheLoginPageDoesNot() throws Exception {
        mvc.perform(get("/health").accept(MediaType.TEXT_HTML)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(view().name("login"));
    }
}
