package io.patchrun.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the policy gate found on one container, and which of it the pipeline allows.
 *
 * @param container the container's name
 * @param findings  everything it breaks the policy with, ordered by reason
 * @param allowed   the reasons its pipeline allows for it ({@code policy.allow})
 */
public record PolicyDecision(String container, List<Finding> findings, Set<PolicyReason> allowed) {

    /**
     * One way the container breaks the policy.
     *
     * @param detail what it does, in the user's terms: {@code mounts the Docker socket /var/run/docker.sock}
     */
    public record Finding(PolicyReason reason, String detail) {

        public Finding {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return reason.key() + " (" + detail + ")";
        }
    }

    public PolicyDecision {
        Objects.requireNonNull(container, "container");
        findings = List.copyOf(findings);
        allowed = Set.copyOf(allowed);
    }

    /** Whether the gate refuses to touch the container: it breaks the policy for a reason its pipeline does not allow. */
    public boolean refused() {
        return !refusals().isEmpty();
    }

    /** The findings no exception of the pipeline covers. */
    public List<Finding> refusals() {
        return findings.stream().filter(finding -> !allowed.contains(finding.reason())).toList();
    }

    /** The findings an exception of the pipeline covers: the exceptions this container uses. */
    public List<Finding> exceptionsUsed() {
        return findings.stream().filter(finding -> allowed.contains(finding.reason())).toList();
    }

    /**
     * Why the container is refused, with the word {@code policy} and every reason, and how to allow it; {@code null}
     * when it is not refused.
     */
    public String refusal() {
        if (!refused()) {
            return null;
        }
        List<PolicyReason> reasons = refusals().stream().map(Finding::reason).distinct().toList();
        return "refused by the policy gate: " + join(refusals()) + "; it keeps running as it is. To roll it over anyway, allow it in"
                + " the pipeline: policy: { allow: [" + reasons.stream().map(reason -> " { container: " + container + ", reason: "
                + reason.key() + " }").collect(Collectors.joining(",")) + " ] }";
    }

    /** Which exceptions of the pipeline the container was let through with; {@code null} when it needed none. */
    public String exceptionNote() {
        List<Finding> used = exceptionsUsed();
        return used.isEmpty() ? null : "policy exception used (policy.allow): " + join(used);
    }

    private static String join(List<Finding> findings) {
        return findings.stream().map(Finding::toString).collect(Collectors.joining(", "));
    }
}
