package io.patchrun.wiring;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.patchrun.policy.PolicyRules;

/**
 * What the policy gate refuses. The jar's own {@code application.yml} gives both lists; a setting elsewhere replaces
 * a whole list.
 *
 * @param deniedHostPaths     host paths no container Patchrun replaces may mount, nor anything under them, nor a folder
 *                            that holds them; the host's {@code /} is always denied
 * @param allowedCapabilities the capabilities such a container may add ({@code ALL} allows every one)
 */
@ConfigurationProperties("patchrun.policy")
public record PolicyProperties(List<String> deniedHostPaths, Set<String> allowedCapabilities) {

    public PolicyProperties {
        deniedHostPaths = deniedHostPaths == null ? PolicyRules.DEFAULT_DENIED_HOST_PATHS : List.copyOf(deniedHostPaths);
        allowedCapabilities = allowedCapabilities == null ? PolicyRules.DEFAULT_ALLOWED_CAPABILITIES : Set.copyOf(allowedCapabilities);
    }

    /** @throws IllegalArgumentException naming the property and the value that is wrong */
    PolicyRules rules() {
        try {
            return new PolicyRules(deniedHostPaths, allowedCapabilities);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("patchrun.policy." + e.getMessage(), e);
        }
    }
}
