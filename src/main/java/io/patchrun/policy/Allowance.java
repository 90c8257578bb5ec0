package io.patchrun.policy;

import java.util.Objects;

/**
 * A pipeline's exception to the policy: the container named may be rolled over although it breaks the policy for
 * {@code reason}, and for no other reason.
 *
 * @param container the container's name, exactly as the engine shows it
 */
public record Allowance(String container, PolicyReason reason) {

    public Allowance {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(reason, "reason");
        if (container.isBlank()) {
            throw new IllegalArgumentException("a policy exception must name a container");
        }
    }

    @Override
    public String toString() {
        return "{ container: " + container + ", reason: " + reason.key() + " }";
    }
}
