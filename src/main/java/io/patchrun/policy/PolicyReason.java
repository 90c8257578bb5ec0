package io.patchrun.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Why the policy gate refuses a container; {@link #key()} is how a pipeline file names it in {@code policy.allow}. */
public enum PolicyReason {

    /** It runs {@code --privileged}: every capability, every device, no confinement. */
    PRIVILEGED("privileged"),
    /** It mounts the host's {@code /} or a host path of the deny list. */
    HOST_PATH("host-path"),
    /** It mounts the Docker engine's socket, or a folder that holds it: control of every container on the host. */
    DOCKER_SOCKET("docker-socket"),
    /** It adds a capability outside the allowed ones ({@code --cap-add}). */
    CAPABILITY("capability"),
    /** It shares the host's PID or IPC namespace ({@code --pid host}, {@code --ipc host}). */
    HOST_NAMESPACE("host-namespace"),
    /** It runs with seccomp or AppArmor unconfined ({@code --security-opt seccomp=unconfined}). */
    UNCONFINED("unconfined");

    private final String key;

    PolicyReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<PolicyReason> byKey(String key) {
        return Arrays.stream(values()).filter(reason -> reason.key.equals(key)).findFirst();
    }

    /** Every reason's key, in the order above. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(PolicyReason::key).toList();
    }

    @Override
    public String toString() {
        return key;
    }
}
