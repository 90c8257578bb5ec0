package io.patchrun.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.patchrun.policy.Allowance;

/**
 * A pipeline's exceptions to the policy gate ({@code policy:} in the pipeline file).
 *
 * @param allow each lets one named container through for one named reason
 */
public record PolicySpec(List<Allowance> allow) {

    /** No exception: the gate refuses every container that breaks the policy. */
    public static final PolicySpec NONE = new PolicySpec(List.of());

    public PolicySpec {
        allow = List.copyOf(allow);
        Set<Allowance> seen = new HashSet<>();
        for (Allowance allowance : allow) {
            if (!seen.add(allowance)) {
                throw new IllegalArgumentException("policy.allow gives " + allowance + " twice");
            }
        }
    }
}
