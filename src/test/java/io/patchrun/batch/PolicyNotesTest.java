package io.patchrun.batch;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverResult.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** What an image's record on a run says of the containers the policy gate refused or let through. */
class PolicyNotesTest {

    private static RolloverResult result(String container, Status status, String message, String note) {
        return new RolloverResult(container, status, "sha256:1", "sha256:2", Duration.ZERO, message, note);
    }

    @Test
    void refusalsAndExceptionsUsed_followTheMessage_butAFailedContainersNoteIsNotRepeated() {
        List<RolloverResult> results = List.of(
                result("agent", Status.DEPLOYED, "runs x; policy exception used (policy.allow): docker-socket (…)",
                        "policy exception used (policy.allow): docker-socket (…)"),
                result("priv", Status.REFUSED, "refused by the policy gate: privileged (runs --privileged)",
                        "refused by the policy gate: privileged (runs --privileged)"),
                result("web", Status.ROLLED_BACK, "not healthy; policy exception used (policy.allow): capability (…)",
                        "policy exception used (policy.allow): capability (…)"),
                result("api", Status.DEPLOYED, "runs x", null));

        assertThat(RolloutStep.policyNotes(results, "web: not healthy; policy exception used (policy.allow): capability (…)")).isEqualTo(
                "web: not healthy; policy exception used (policy.allow): capability (…)"
                        + "; agent: policy exception used (policy.allow): docker-socket (…)"
                        + "; priv: refused by the policy gate: privileged (runs --privileged)");
        assertThat(RolloutStep.policyNotes(List.of(results.get(3)), "rolled over 1 container(s)")).isEqualTo("rolled over 1 container(s)");
    }
}
