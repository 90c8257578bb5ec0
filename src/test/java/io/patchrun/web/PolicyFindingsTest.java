package io.patchrun.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.EngineUnavailableException;
import io.patchrun.container.HostAccess;
import io.patchrun.container.ImageConfig;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.policy.PolicyRules;
import io.patchrun.reload.PipelineFolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class PolicyFindingsTest {

    private final Containers containers = mock(Containers.class);
    private final PipelineFolder pipelines = mock(PipelineFolder.class);
    private final PolicyFindings findings = new PolicyFindings(containers, pipelines, PolicyRules.defaults());

    private static final Pipeline FLEET = Pipeline.parse(Path.of("pipelines/fleet.yml"), """
            name: fleet
            policy:
              allow:
                - { container: backup-agent, reason: docker-socket }
            repositories:
              - url: https://git.example.com/fleet.git
                images:
                  - name: team/web
                  - name: team/agent
            """);

    private static ContainerDetails running(String name, HostAccess access) {
        return new ContainerDetails("a".repeat(64), name, "sha256:" + "1".repeat(64),
                new ContainerSpec("team/web:1", ImageConfig.empty(), null, "bridge", List.of(), List.of(), "{}"),
                new ContainerState(ContainerState.Status.RUNNING, ContainerState.Health.NONE, null, 0, Instant.EPOCH, null, null),
                List.of(), List.of(), access);
    }

    private static HostAccess mounting(String path) {
        return new HostAccess(false, List.of(path), List.of(), null, null, List.of());
    }

    @BeforeEach
    void fleet() {
        when(pipelines.list()).thenReturn(List.of(FLEET));
        when(containers.runningOf(ImageRef.parse("team/web"))).thenReturn(List.of("web-1", "web-root"));
        when(containers.runningOf(ImageRef.parse("team/agent"))).thenReturn(List.of("backup-agent"));
        when(containers.inspect("web-1")).thenReturn(running("web-1", HostAccess.NONE));
        when(containers.inspect("web-root")).thenReturn(running("web-root", mounting("/")));
        when(containers.inspect("backup-agent")).thenReturn(running("backup-agent", mounting("/var/run/docker.sock")));
    }

    @Test
    void fleet_listsEveryContainerThatBreaksThePolicy_refusedOrAllowed() {
        PolicyFindings.Found found = findings.fleet();

        assertThat(found.problem()).isNull();
        assertThat(found.breaches()).extracting(PolicyFindings.Breach::container, PolicyFindings.Breach::image, PolicyFindings.Breach::refused)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web-root", "team/web", true),
                        org.assertj.core.groups.Tuple.tuple("backup-agent", "team/agent", false));
        assertThat(found.breaches().get(0).refusals()).containsExactly("host-path (mounts the host's root /)",
                "docker-socket (mounts /, which holds the Docker socket)");
        assertThat(found.breaches().get(1).allowed()).containsExactly("docker-socket (mounts the Docker socket /var/run/docker.sock)");
        assertThat(found.refused()).extracting(PolicyFindings.Breach::container).containsExactly("web-root");
    }

    @Test
    void image_listsOnlyThatImagesContainers() {
        assertThat(findings.image("team/agent").breaches()).extracting(PolicyFindings.Breach::container).containsExactly("backup-agent");
        assertThat(findings.image("other/image").breaches()).isEmpty();
    }

    @Test
    void saysWhy_whenTheEngineCannotTell() {
        when(containers.inspect("web-root")).thenThrow(new ContainerNotFoundException("inspecting container web-root failed: no such container"));
        assertThat(findings.fleet().problem()).isEqualTo("inspecting container web-root failed: no such container");

        when(containers.runningOf(ImageRef.parse("team/web"))).thenThrow(new EngineUnavailableException("the engine does not answer", null));
        PolicyFindings.Found found = findings.fleet();
        assertThat(found.breaches()).isEmpty();
        assertThat(found.problem()).isEqualTo("the engine does not answer");
    }
}
