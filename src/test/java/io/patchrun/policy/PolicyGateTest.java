package io.patchrun.policy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.patchrun.container.HostAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyGateTest {

    private final PolicyGate gate = PolicyGate.withDefaults();

    private static HostAccess mounts(String... paths) {
        return new HostAccess(false, List.of(paths), List.of(), null, null, List.of());
    }

    private static HostAccess adds(String... capabilities) {
        return new HostAccess(false, List.of(), List.of(capabilities), null, null, List.of());
    }

    private List<PolicyReason> reasons(HostAccess access) {
        return gate.findings(access).stream().map(PolicyDecision.Finding::reason).distinct().toList();
    }

    @Test
    void aContainerWithNothingOfTheHost_passes() {
        PolicyDecision decision = gate.decide("web", HostAccess.NONE);

        assertThat(decision.refused()).isFalse();
        assertThat(decision.refusal()).isNull();
        assertThat(decision.exceptionNote()).isNull();
    }

    @Test
    void privileged_isRefused() {
        PolicyDecision decision = gate.decide("web", new HostAccess(true, List.of(), List.of(), null, null, List.of()));

        assertThat(decision.refused()).isTrue();
        assertThat(decision.refusals()).extracting(PolicyDecision.Finding::reason).containsExactly(PolicyReason.PRIVILEGED);
        assertThat(decision.refusal()).contains("policy", "privileged (runs --privileged)",
                "policy: { allow: [ { container: web, reason: privileged } ] }");
    }

    @Test
    void theHostsRoot_isRefusedAsAHostPath_andForTheSocketItHolds() {
        assertThat(reasons(mounts("/"))).containsExactly(PolicyReason.HOST_PATH, PolicyReason.DOCKER_SOCKET);
        assertThat(gate.findings(mounts("/"))).extracting(PolicyDecision.Finding::detail)
                .containsExactly("mounts the host's root /", "mounts /, which holds the Docker socket");
    }

    @Test
    void aDeniedPath_coversEverythingUnderIt_inAnySpelling() {
        assertThat(reasons(mounts("/etc/passwd"))).containsExactly(PolicyReason.HOST_PATH);
        assertThat(reasons(mounts("/etc/"))).containsExactly(PolicyReason.HOST_PATH);
        assertThat(reasons(mounts("//etc//ssl/./certs"))).containsExactly(PolicyReason.HOST_PATH);
        assertThat(reasons(mounts("/srv/../etc/shadow"))).containsExactly(PolicyReason.HOST_PATH);
        assertThat(reasons(mounts("/proc/1/root"))).containsExactly(PolicyReason.HOST_PATH);
        assertThat(reasons(mounts("/sys/fs/cgroup"))).containsExactly(PolicyReason.HOST_PATH);
        assertThat(gate.findings(mounts("/etc/passwd")).get(0).detail()).isEqualTo("mounts host path /etc/passwd, under the denied /etc");
    }

    @Test
    void aFolderHoldingADeniedPath_isRefused_butNeighboursAreNot() {
        assertThat(gate.findings(mounts("/var"))).extracting(PolicyDecision.Finding::detail)
                .containsExactly("mounts host path /var, which holds the denied /var/lib/docker");
        assertThat(reasons(mounts("/etcetera", "/home/app/data", "/srv/www", "/tmp/", "/var/lib/app"))).isEmpty();
    }

    @Test
    void theDockerSocket_isRefused_underVarRunAndRun_andNotAsAHostPath() {
        assertThat(reasons(mounts("/var/run/docker.sock"))).containsExactly(PolicyReason.DOCKER_SOCKET);
        assertThat(reasons(mounts("/run/docker.sock"))).containsExactly(PolicyReason.DOCKER_SOCKET);
        assertThat(reasons(mounts("/var/run//docker.sock/"))).containsExactly(PolicyReason.DOCKER_SOCKET);
        assertThat(gate.findings(mounts("/var/run/docker.sock")).get(0).detail()).isEqualTo("mounts the Docker socket /var/run/docker.sock");
    }

    @Test
    void theFolderOfTheSocket_isRefusedForBoth() {
        assertThat(reasons(mounts("/var/run/"))).containsExactly(PolicyReason.HOST_PATH, PolicyReason.DOCKER_SOCKET);
        assertThat(reasons(mounts("/run"))).containsExactly(PolicyReason.HOST_PATH, PolicyReason.DOCKER_SOCKET);
        assertThat(reasons(mounts("/var/run/secrets"))).containsExactly(PolicyReason.HOST_PATH);
    }

    @Test
    void aCapabilityOutsideTheAllowedOnes_isRefused_whateverItsSpelling() {
        for (String capability : List.of("SYS_ADMIN", "CAP_SYS_ADMIN", "sys_admin", "cap_sys_module", "SYS_PTRACE", "DAC_READ_SEARCH",
                "SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "MAC_ADMIN", "MAC_OVERRIDE", "BPF")) {
            assertThat(reasons(adds(capability))).as(capability).containsExactly(PolicyReason.CAPABILITY);
        }
        assertThat(gate.findings(adds("CAP_SYS_ADMIN")).get(0).detail()).isEqualTo("adds capability SYS_ADMIN, which is not allowed");
    }

    @Test
    void dockersDefaultCapabilities_andNetAdmin_areAllowed() {
        assertThat(reasons(adds("NET_BIND_SERVICE", "CAP_CHOWN", "net_admin", "NET_RAW", "KILL", "SETUID", "SETGID"))).isEmpty();
    }

    @Test
    void capAddAll_countsAsEveryCapability() {
        List<PolicyDecision.Finding> found = gate.findings(adds("ALL"));

        assertThat(found).extracting(PolicyDecision.Finding::reason).containsExactly(PolicyReason.CAPABILITY);
        assertThat(found.get(0).detail()).startsWith("adds ALL capabilities, ").contains("SYS_ADMIN", "SYS_MODULE").doesNotContain("CHOWN");
        PolicyGate everything = new PolicyGate(new PolicyRules(List.of(), Set.of("ALL")), List.of());
        assertThat(everything.findings(adds("ALL", "SYS_ADMIN"))).isEmpty();
    }

    @Test
    void theHostsPidOrIpcNamespace_isRefused() {
        assertThat(gate.findings(new HostAccess(false, List.of(), List.of(), "host", "host", List.of())))
                .extracting(PolicyDecision.Finding::toString)
                .containsExactly("host-namespace (shares the host's PID namespace (--pid host))",
                        "host-namespace (shares the host's IPC namespace (--ipc host))");
        assertThat(reasons(new HostAccess(false, List.of(), List.of(), "container:db", "shareable", List.of()))).isEmpty();
    }

    @Test
    void seccompOrAppArmorUnconfined_isRefused_inEitherSpelling() {
        assertThat(reasons(new HostAccess(false, List.of(), List.of(), null, null, List.of("seccomp=unconfined")))).containsExactly(PolicyReason.UNCONFINED);
        assertThat(reasons(new HostAccess(false, List.of(), List.of(), null, null, List.of("apparmor:unconfined")))).containsExactly(PolicyReason.UNCONFINED);
        assertThat(reasons(new HostAccess(false, List.of(), List.of(), null, null,
                List.of("no-new-privileges", "seccomp=/etc/docker/seccomp.json", "apparmor=docker-default", "label=disable")))).isEmpty();
    }

    @Test
    void anException_letsOneContainerThroughForOneReason_andSaysSo() {
        PolicyGate allowing = gate.allowing(List.of(new Allowance("backup-agent", PolicyReason.DOCKER_SOCKET)));

        PolicyDecision agent = allowing.decide("backup-agent", mounts("/var/run/docker.sock"));
        assertThat(agent.refused()).isFalse();
        assertThat(agent.exceptionNote()).isEqualTo("policy exception used (policy.allow): docker-socket (mounts the Docker socket /var/run/docker.sock)");

        assertThat(allowing.decide("other", mounts("/var/run/docker.sock")).refused()).as("another container").isTrue();
        PolicyDecision more = allowing.decide("backup-agent", new HostAccess(false, List.of("/var/run/docker.sock"), List.of("SYS_ADMIN"), null, null, List.of()));
        assertThat(more.refused()).as("another reason").isTrue();
        assertThat(more.refusal()).contains("capability (adds capability SYS_ADMIN, which is not allowed)").doesNotContain("docker-socket (");
        assertThat(more.exceptionsUsed()).extracting(PolicyDecision.Finding::reason).containsExactly(PolicyReason.DOCKER_SOCKET);
    }

    @Test
    void theRootNeedsBothExceptions() {
        HostAccess root = mounts("/");
        assertThat(gate.allowing(List.of(new Allowance("b", PolicyReason.HOST_PATH))).decide("b", root).refused()).isTrue();
        assertThat(gate.allowing(List.of(new Allowance("b", PolicyReason.HOST_PATH), new Allowance("b", PolicyReason.DOCKER_SOCKET)))
                .decide("b", root).refused()).isFalse();
    }

    @Test
    void theRefusal_namesEveryReasonOnce_andTheExceptionsThatWouldAllowIt() {
        HostAccess many = new HostAccess(true, List.of("/etc", "/etc/hosts"), List.of("SYS_ADMIN", "SYS_PTRACE"), "host", null,
                List.of("seccomp=unconfined"));

        String refusal = gate.decide("agent", many).refusal();

        assertThat(refusal).startsWith("refused by the policy gate: privileged (runs --privileged), host-path (mounts host path /etc, which is denied), "
                + "host-path (mounts host path /etc/hosts, under the denied /etc), capability (adds capability SYS_ADMIN, which is not allowed), ");
        assertThat(refusal).endsWith("policy: { allow: [ { container: agent, reason: privileged }, { container: agent, reason: host-path },"
                + " { container: agent, reason: capability }, { container: agent, reason: host-namespace },"
                + " { container: agent, reason: unconfined } ] }");
    }

    @Test
    void configuredRules_areNormalised_andTheRootIsAlwaysDenied() {
        PolicyRules rules = new PolicyRules(List.of("/srv/secrets/", "/var/run/app"), Set.of("cap_sys_nice", "NET_BIND_SERVICE"));

        assertThat(rules.deniedHostPaths()).containsExactly("/", "/srv/secrets", "/run/app");
        assertThat(rules.allowedCapabilities()).containsExactlyInAnyOrder("SYS_NICE", "NET_BIND_SERVICE");
        PolicyGate custom = new PolicyGate(rules, List.of());
        assertThat(custom.findings(mounts("/etc/passwd"))).as("no longer denied").isEmpty();
        assertThat(custom.findings(mounts("/run/app/x", "/"))).extracting(PolicyDecision.Finding::reason)
                .containsExactly(PolicyReason.HOST_PATH, PolicyReason.HOST_PATH, PolicyReason.DOCKER_SOCKET);
        assertThat(custom.findings(adds("SYS_NICE"))).isEmpty();
        assertThat(custom.findings(adds("CHOWN"))).as("only what is listed is allowed").hasSize(1);
    }

    @Test
    void configuredRules_refuseARelativePathOrAnUnknownCapability_withTheValue() {
        assertThatThrownBy(() -> new PolicyRules(List.of("/etc", "etc"), Set.of()))
                .hasMessage("denied-host-paths[1]: must be an absolute host path such as /etc, got 'etc'");
        assertThatThrownBy(() -> new PolicyRules(List.of(), Set.of("SYS_ADMN")))
                .hasMessageStartingWith("allowed-capabilities: 'SYS_ADMN' is not a Linux capability; they are ALL, AUDIT_CONTROL, ");
    }

    @Test
    void theDefaults_areTheDocumentedOnes() {
        PolicyRules defaults = PolicyRules.defaults();

        assertThat(defaults.deniedHostPaths()).containsExactly("/", "/boot", "/etc", "/proc", "/root", "/run", "/sys", "/var/lib/docker");
        assertThat(defaults.allowedCapabilities()).contains("NET_ADMIN", "NET_RAW", "CHOWN")
                .doesNotContain("SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "DAC_READ_SEARCH", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "MAC_ADMIN",
                        "MAC_OVERRIDE");
    }
}
