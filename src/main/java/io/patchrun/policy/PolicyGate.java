package io.patchrun.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchrun.container.HostAccess;

/**
 * Decides, from what a container may reach of the host, whether Patchrun may replace it: a container that is
 * privileged, mounts the host's {@code /}, a denied host path or the Docker socket, adds a capability outside the
 * allowed ones, shares the host's PID or IPC namespace, or runs with seccomp or AppArmor unconfined is refused, unless
 * its pipeline allows that container that reason. Pure: the same access and exceptions always give the same decision.
 */
public final class PolicyGate {

    private static final String HOST = "host";
    private static final String UNCONFINED = "unconfined";

    private final PolicyRules rules;
    private final List<Allowance> allowances;

    public PolicyGate(PolicyRules rules, List<Allowance> allowances) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.allowances = List.copyOf(allowances);
    }

    /** The default rules, with no exception. */
    public static PolicyGate withDefaults() {
        return new PolicyGate(PolicyRules.defaults(), List.of());
    }

    /** The same rules with a pipeline's exceptions. */
    public PolicyGate allowing(List<Allowance> exceptions) {
        return new PolicyGate(rules, exceptions);
    }

    public PolicyDecision decide(String container, HostAccess access) {
        Set<PolicyReason> allowed = allowances.stream().filter(allowance -> allowance.container().equals(container))
                .map(Allowance::reason).collect(Collectors.toSet());
        return new PolicyDecision(container, findings(access), allowed);
    }

    /** Everything {@code access} breaks the policy with, ordered by reason, then as found. */
    public List<PolicyDecision.Finding> findings(HostAccess access) {
        Set<PolicyDecision.Finding> found = new LinkedHashSet<>();
        if (access.privileged()) {
            found.add(new PolicyDecision.Finding(PolicyReason.PRIVILEGED, "runs --privileged"));
        }
        access.hostPaths().forEach(path -> hostPath(path, found));
        capabilities(access.addedCapabilities(), found);
        if (HOST.equals(access.pidMode())) {
            found.add(new PolicyDecision.Finding(PolicyReason.HOST_NAMESPACE, "shares the host's PID namespace (--pid host)"));
        }
        if (HOST.equals(access.ipcMode())) {
            found.add(new PolicyDecision.Finding(PolicyReason.HOST_NAMESPACE, "shares the host's IPC namespace (--ipc host)"));
        }
        access.securityOptions().forEach(option -> unconfined(option, found));
        List<PolicyDecision.Finding> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparing(PolicyDecision.Finding::reason));
        return ordered;
    }

    private void hostPath(String source, Set<PolicyDecision.Finding> found) {
        String path;
        try {
            path = HostPaths.normalise(source);
        } catch (IllegalArgumentException e) {
            // Not a host path the engine could bind (a volume's name): nothing of the host.
            return;
        }
        String socket = PolicyRules.DOCKER_SOCKET;
        if (HostPaths.within(path, socket)) {
            found.add(new PolicyDecision.Finding(PolicyReason.DOCKER_SOCKET, "mounts the Docker socket " + source));
            return;
        }
        if (HostPaths.within(socket, path)) {
            found.add(new PolicyDecision.Finding(PolicyReason.DOCKER_SOCKET, "mounts " + source + ", which holds the Docker socket"));
        }
        String denied = rules.deniedFor(path);
        if (denied != null) {
            found.add(new PolicyDecision.Finding(PolicyReason.HOST_PATH, path.equals("/") ? "mounts the host's root /"
                    : "mounts host path " + source + (denied.equals(path) ? ", which is denied" : HostPaths.within(path, denied)
                    ? ", under the denied " + denied : ", which holds the denied " + denied)));
        }
    }

    private void capabilities(List<String> added, Set<PolicyDecision.Finding> found) {
        for (String given : added) {
            String capability = PolicyRules.capability(given);
            if (capability.equals(PolicyRules.ALL)) {
                List<String> denied = rules.deniedOfAll();
                if (!denied.isEmpty()) {
                    found.add(new PolicyDecision.Finding(PolicyReason.CAPABILITY, "adds ALL capabilities, " + String.join(", ", denied)
                            + " among them"));
                }
            } else if (!rules.allows(capability)) {
                found.add(new PolicyDecision.Finding(PolicyReason.CAPABILITY, "adds capability " + capability + ", which is not allowed"));
            }
        }
    }

    /** {@code seccomp=unconfined}, or the older {@code seccomp:unconfined}; the same for AppArmor. */
    private static void unconfined(String option, Set<PolicyDecision.Finding> found) {
        int split = option.indexOf('=') >= 0 ? option.indexOf('=') : option.indexOf(':');
        if (split < 0) {
            return;
        }
        String kind = option.substring(0, split).trim().toLowerCase(Locale.ROOT);
        String value = option.substring(split + 1).trim().toLowerCase(Locale.ROOT);
        if ((kind.equals("seccomp") || kind.equals("apparmor")) && value.equals(UNCONFINED)) {
            found.add(new PolicyDecision.Finding(PolicyReason.UNCONFINED, "runs with " + (kind.equals("seccomp") ? "seccomp" : "AppArmor")
                    + " unconfined (--security-opt " + option + ")"));
        }
    }
}
