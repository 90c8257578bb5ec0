package io.patchrun.container;

import java.util.List;

/**
 * What a container may reach of the host it runs on, as the engine reports it: what the policy gate judges.
 *
 * @param privileged      whether it runs {@code --privileged}
 * @param hostPaths       the host paths bind-mounted into it, as the engine reports their sources (named volumes are not
 *                        host paths and are not listed)
 * @param addedCapabilities the capabilities added to it ({@code --cap-add}), as the engine reports them
 *                        ({@code CAP_SYS_ADMIN}, {@code NET_ADMIN} or {@code ALL})
 * @param pidMode         {@code host} when it shares the host's process namespace, else what the engine says, or
 *                        {@code null}
 * @param ipcMode         {@code host} when it shares the host's IPC namespace, else what the engine says, or {@code null}
 * @param securityOptions its {@code --security-opt} values ({@code seccomp=unconfined}, {@code no-new-privileges}, ...)
 */
public record HostAccess(boolean privileged, List<String> hostPaths, List<String> addedCapabilities, String pidMode, String ipcMode,
                         List<String> securityOptions) {

    /** Nothing beyond what every container gets from the engine. */
    public static final HostAccess NONE = new HostAccess(false, List.of(), List.of(), null, null, List.of());

    public HostAccess {
        hostPaths = hostPaths == null ? List.of() : List.copyOf(hostPaths);
        addedCapabilities = addedCapabilities == null ? List.of() : List.copyOf(addedCapabilities);
        securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
    }
}
