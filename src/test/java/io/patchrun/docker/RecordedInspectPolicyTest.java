package io.patchrun.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.HostAccess;
import io.patchrun.policy.Allowance;
import io.patchrun.policy.PolicyDecision;
import io.patchrun.policy.PolicyGate;
import io.patchrun.policy.PolicyReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy gate on what the engine of this machine answered to {@code docker inspect} (Docker 20.10, CLI 28), kept in
 * {@code src/test/resources/policy/}: {@code docker create --privileged} (this engine cannot start it), {@code --cap-add ALL}
 * (nor that), {@code -v /:/host:ro}, the socket by {@code -v} and by {@code --mount}, {@code --cap-add SYS_ADMIN --pid host
 * --ipc host} with seccomp and AppArmor unconfined, and an ordinary hardened container.
 */
class RecordedInspectPolicyTest {

    private final PolicyGate gate = PolicyGate.withDefaults();

    private static ContainerDetails recorded(String name) throws IOException {
        try (InputStream json = RecordedInspectPolicyTest.class.getResourceAsStream("/policy/inspect-" + name + ".json")) {
            assertThat(json).as("recorded inspect " + name).isNotNull();
            return DockerSpecs.details(DockerClientConfig.getDefaultObjectMapper().readValue(json, InspectContainerResponse.class));
        }
    }

    private PolicyDecision decide(String name) throws IOException {
        ContainerDetails details = recorded(name);
        return gate.decide(details.name(), details.access());
    }

    @Test
    void privileged_isReadFromTheInspect_andRefused() throws IOException {
        ContainerDetails details = recorded("priv");
        assertThat(details.access().privileged()).isTrue();

        PolicyDecision decision = gate.decide(details.name(), details.access());

        assertThat(decision.refused()).isTrue();
        assertThat(decision.refusals()).extracting(PolicyDecision.Finding::reason).containsExactly(PolicyReason.PRIVILEGED);
        assertThat(decision.refusal()).contains("policy-rec-priv", "privileged");
    }

    @Test
    void theHostsRoot_readOnly_isRefused() throws IOException {
        assertThat(recorded("root").access().hostPaths()).containsExactly("/");

        assertThat(decide("root").refusals()).extracting(PolicyDecision.Finding::reason)
                .containsExactly(PolicyReason.HOST_PATH, PolicyReason.DOCKER_SOCKET);
    }

    @Test
    void theSocket_byVolumeAndByMount_isRefused() throws IOException {
        assertThat(recorded("sock").access().hostPaths()).containsExactly("/var/run/docker.sock", "/run/docker.sock");

        assertThat(decide("sock").refusals()).extracting(PolicyDecision.Finding::detail)
                .containsExactly("mounts the Docker socket /var/run/docker.sock", "mounts the Docker socket /run/docker.sock");
    }

    @Test
    void capabilitiesNamespacesAndConfinement_areReadAsTheEngineWritesThem() throws IOException {
        HostAccess access = recorded("cap").access();
        assertThat(access.addedCapabilities()).containsExactly("CAP_NET_ADMIN", "CAP_SYS_ADMIN");
        assertThat(access.pidMode()).isEqualTo("host");
        assertThat(access.ipcMode()).isEqualTo("host");

        assertThat(decide("cap").refusals()).extracting(PolicyDecision.Finding::toString).containsExactly(
                "capability (adds capability SYS_ADMIN, which is not allowed)",
                "host-namespace (shares the host's PID namespace (--pid host))",
                "host-namespace (shares the host's IPC namespace (--ipc host))",
                "unconfined (runs with seccomp unconfined (--security-opt seccomp=unconfined))",
                "unconfined (runs with AppArmor unconfined (--security-opt apparmor=unconfined))");
    }

    @Test
    void capAddAll_andAMountUnderEtc_areRefused_butAVolumeAndTmpAreNot() throws IOException {
        HostAccess access = recorded("all").access();
        assertThat(access.hostPaths()).as("named volumes are no host paths").containsExactly("/etc/passwd", "/tmp");

        assertThat(decide("all").refusals()).extracting(PolicyDecision.Finding::reason)
                .containsExactly(PolicyReason.HOST_PATH, PolicyReason.CAPABILITY);
    }

    @Test
    void anOrdinaryHardenedContainer_passes() throws IOException {
        assertThat(decide("plain").findings()).isEmpty();
    }

    @Test
    void exceptions_forTheRecordedContainer_letItThrough() throws IOException {
        ContainerDetails details = recorded("sock");
        PolicyGate allowing = gate.allowing(List.of(new Allowance("policy-rec-sock", PolicyReason.DOCKER_SOCKET)));

        PolicyDecision decision = allowing.decide(details.name(), details.access());

        assertThat(decision.refused()).isFalse();
        assertThat(decision.exceptionNote()).contains("docker-socket");
    }
}
