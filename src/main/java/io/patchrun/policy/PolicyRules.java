package io.patchrun.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the policy gate refuses, besides what it always refuses (privileged containers, the host's {@code /}, the
 * Docker socket, the host's PID and IPC namespaces, seccomp and AppArmor unconfined).
 *
 * @param deniedHostPaths     host paths no container may mount, nor anything under them, nor a folder that holds
 *                            them; normalised ({@code /var/run/} is {@code /run})
 * @param allowedCapabilities the capabilities a container may add, without {@code CAP_}, upper case; {@code ALL}
 *                            allows every one
 */
public record PolicyRules(List<String> deniedHostPaths, Set<String> allowedCapabilities) {

    /** The Docker engine's socket, normalised: {@code /var/run/docker.sock} is the same file. */
    public static final String DOCKER_SOCKET = "/run/docker.sock";

    /** The host's root, then folders whose files control the host or hold its secrets and every container's. */
    public static final List<String> DEFAULT_DENIED_HOST_PATHS =
            List.of("/", "/boot", "/etc", "/proc", "/root", "/run", "/sys", "/var/lib/docker", "/var/run");

    /**
     * The capabilities the Docker engine gives every container unless dropped (adding one back after
     * {@code --cap-drop ALL} gives nothing a default container lacks), and {@code NET_ADMIN}, which changes only the
     * container's own network namespace unless it runs with the host's network.
     */
    public static final Set<String> DEFAULT_ALLOWED_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    /** Every Linux capability, as of Linux 6.x. */
    static final Set<String> LINUX_CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF",
            "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE",
            "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON",
            "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT",
            "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM");

    static final String ALL = "ALL";

    /**
     * @throws IllegalArgumentException naming the value when a path is not absolute or a capability is none of Linux's
     */
    public PolicyRules {
        Set<String> paths = new LinkedHashSet<>();
        paths.add("/");
        List<String> given = deniedHostPaths == null ? List.of() : deniedHostPaths;
        for (int i = 0; i < given.size(); i++) {
            try {
                paths.add(HostPaths.normalise(given.get(i) == null ? null : given.get(i).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("denied-host-paths[" + i + "]: " + e.getMessage(), e);
            }
        }
        deniedHostPaths = List.copyOf(paths);
        Set<String> capabilities = new TreeSet<>();
        for (String capability : allowedCapabilities == null ? Set.<String>of() : allowedCapabilities) {
            String name = capability(capability);
            if (!name.equals(ALL) && !LINUX_CAPABILITIES.contains(name)) {
                throw new IllegalArgumentException("allowed-capabilities: '" + capability + "' is not a Linux capability; they are ALL, "
                        + String.join(", ", new TreeSet<>(LINUX_CAPABILITIES)));
            }
            capabilities.add(name);
        }
        allowedCapabilities = Set.copyOf(capabilities);
    }

    public static PolicyRules defaults() {
        return new PolicyRules(DEFAULT_DENIED_HOST_PATHS, DEFAULT_ALLOWED_CAPABILITIES);
    }

    /** A capability's name as the rules compare it: upper case, without {@code CAP_} ({@code cap_sys_admin} is {@code SYS_ADMIN}). */
    static String capability(String name) {
        String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    boolean allows(String capability) {
        return allowedCapabilities.contains(ALL) || allowedCapabilities.contains(capability);
    }

    /** The capabilities {@code ALL} adds that the rules do not allow, sorted; empty when every one is allowed. */
    List<String> deniedOfAll() {
        List<String> denied = new ArrayList<>();
        new TreeSet<>(LINUX_CAPABILITIES).stream().filter(c -> !allows(c)).forEach(denied::add);
        return denied;
    }

    /** The denied path {@code path} (normalised) is, lies under or holds, if any. */
    String deniedFor(String path) {
        for (String denied : deniedHostPaths) {
            if (denied.equals("/") ? path.equals("/") : HostPaths.within(path, denied) || HostPaths.within(denied, path)) {
                return denied;
            }
        }
        return null;
    }
}
