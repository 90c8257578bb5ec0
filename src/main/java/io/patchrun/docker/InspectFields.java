package io.patchrun.docker;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every field of a container's {@code docker inspect} answer that Patchrun knows (engine API 1.41, and the
 * runtime-only fields newer engines add), and what a rollover does with it. A field in no list is unknown:
 * set to anything but its empty value, it stops that container's rollover ({@link UncarriedSettings}), since a
 * replacement created without it would not be the same container.
 */
final class InspectFields {

    /** What a rollover does with a field. */
    enum Handling {
        /** An object whose own fields are listed one by one. */
        SECTION,
        /** The replacement gets it as the old container has it (the note says where it is adjusted). */
        CARRIED,
        /** An id, runtime state, or what the image or the engine supplies: the replacement gets its own. */
        IGNORED,
        /** Patchrun does not carry it over: set, it stops the rollover with the note as the reason. */
        REFUSED
    }

    /**
     * @param path     the field's path in the inspect answer; {@code *} stands for a network's name
     * @param handling what a rollover does with it
     * @param note     why, or how it is carried
     */
    record Field(String path, Handling handling, String note) {
    }

    /** The path segment that stands for any network's name under {@code NetworkSettings.Networks}. */
    static final String ANY_NETWORK = "*";

    private static final String STATE = "runtime state of the old container";
    private static final String FROM_IMAGE = "minus the old image's defaults, so the new image's apply";
    private static final String ENDPOINT_STATE = "what the engine assigned to the endpoint";
    private static final String[] HOST_CONFIG_CARRIED = {
        "LogConfig", "RestartPolicy", "VolumeDriver", "VolumesFrom", "Capabilities", "CapAdd", "CapDrop", "CgroupnsMode", "Dns",
        "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode", "Cgroup", "OomScoreAdj", "PidMode", "Privileged",
        "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt", "StorageOpt", "Tmpfs", "UTSMode", "UsernsMode", "ShmSize",
        "Sysctls", "Runtime", "ConsoleSize", "Isolation", "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight",
        "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps",
        "CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "Devices",
        "DeviceCgroupRules", "DeviceRequests", "KernelMemory", "KernelMemoryTCP", "MemoryReservation", "MemorySwap",
        "MemorySwappiness", "OomKillDisable", "PidsLimit", "Ulimits", "CpuCount", "CpuPercent", "IOMaximumIOps",
        "IOMaximumBandwidth", "Mounts", "MaskedPaths", "ReadonlyPaths", "Init", "Annotations"};
    /** The fields of {@code Config} that a replacement gets as they are: those an image cannot set, but the hostname. */
    static final List<String> CONFIG_AS_IS = List.of(
        "Domainname", "AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "MacAddress",
        "NetworkDisabled", "StopTimeout");
    private static final String[] CONFIG_FROM_IMAGE = {
        "User", "ExposedPorts", "Env", "Cmd", "Volumes", "WorkingDir", "Entrypoint", "Labels", "StopSignal"};
    private static final String[] HEALTHCHECK = {"Test", "Interval", "Timeout", "StartPeriod", "Retries"};
    private static final String[] NETWORK_SETTINGS_STATE = {
        "Bridge", "SandboxID", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen", "Ports", "SandboxKey",
        "SecondaryIPAddresses", "SecondaryIPv6Addresses", "EndpointID", "Gateway", "GlobalIPv6Address",
        "GlobalIPv6PrefixLen", "IPAddress", "IPPrefixLen", "IPv6Gateway", "MacAddress"};
    private static final String[] ENDPOINT_ASSIGNED = {
        "EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen",
        "DNSNames"};

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        ignored("Id", "the old container's id");
        ignored("Created", STATE);
        ignored("Path", "the process the engine starts, from Config.Entrypoint and Config.Cmd");
        ignored("Args", "the process the engine starts, from Config.Entrypoint and Config.Cmd");
        ignored("State", STATE);
        ignored("Image", "the id of the old image: the replacement runs the new one");
        ignored("ImageManifestDescriptor", "the old image's manifest");
        ignored("ResolvConfPath", "the engine's own files for the old container");
        ignored("HostnamePath", "the engine's own files for the old container");
        ignored("HostsPath", "the engine's own files for the old container");
        ignored("LogPath", "the engine's own files for the old container");
        carried("Name", "the replacement takes the name over");
        ignored("RestartCount", STATE);
        ignored("Driver", "the engine's storage driver");
        ignored("Platform", "the image's platform");
        ignored("MountLabel", "SELinux labels the engine derives from HostConfig.SecurityOpt");
        ignored("ProcessLabel", "SELinux labels the engine derives from HostConfig.SecurityOpt");
        ignored("AppArmorProfile", "the profile the engine derives from HostConfig.SecurityOpt");
        ignored("ExecIDs", STATE);
        ignored("GraphDriver", "the old container's file system layers");
        ignored("SizeRw", STATE);
        ignored("SizeRootFs", STATE);
        carried("Mounts", "what HostConfig.Binds, HostConfig.Mounts and Config.Volumes made; the anonymous volumes"
                + " among them are mounted again by name, so their data stays");

        section("Config");
        carried("Config.Hostname", "unless it is the old container's short id, which the engine chose");
        for (String field : CONFIG_AS_IS) {
            carried("Config." + field, "as it is");
        }
        for (String field : CONFIG_FROM_IMAGE) {
            carried("Config." + field, FROM_IMAGE);
        }
        section("Config.Healthcheck");
        for (String field : HEALTHCHECK) {
            carried("Config.Healthcheck." + field, FROM_IMAGE);
        }
        ignored("Config.Image", "the replacement is created from the new image");
        ignored("Config.OnBuild", "the image's ONBUILD, which a container cannot set");
        ignored("Config.Shell", "the image's SHELL, which a container cannot set");
        ignored("Config.ArgsEscaped", "the image's (Windows) command form, which a container cannot set");

        section("HostConfig");
        carried("HostConfig.Binds", "as it is, with the anonymous volumes of Mounts added by name");
        refused("HostConfig.ContainerIDFile", "the docker CLI wrote the old container's id to that file (docker run --cidfile)"
                + " on the machine it ran on; Patchrun cannot write the new id there, and the file would name a removed"
                + " container. Recreate the container without --cidfile to let Patchrun roll it over");
        carried("HostConfig.NetworkMode", "a container:<name> mode points at the replacement of that container when both"
                + " roll over together");
        carried("HostConfig.PortBindings", "a host port the engine chose is asked for again, so the address stays");
        carried("HostConfig.AutoRemove", "a --rm container gets a stopped copy to put back if its replacement fails");
        carried("HostConfig.Links", "pointing at the replacements of containers rolled over together");
        for (String field : HOST_CONFIG_CARRIED) {
            carried("HostConfig." + field, "as it is");
        }

        section("NetworkSettings");
        for (String field : NETWORK_SETTINGS_STATE) {
            ignored("NetworkSettings." + field, "the default bridge endpoint's " + STATE
                    + "; published ports come from HostConfig.PortBindings");
        }
        section("NetworkSettings.Networks");
        String endpoint = "NetworkSettings.Networks." + ANY_NETWORK;
        section(endpoint);
        section(endpoint + ".IPAMConfig");
        carried(endpoint + ".IPAMConfig.IPv4Address", "the static address asked for");
        carried(endpoint + ".IPAMConfig.IPv6Address", "the static address asked for");
        carried(endpoint + ".IPAMConfig.LinkLocalIPs", "as they are");
        carried(endpoint + ".Aliases", "but the old container's short id, which the engine added itself");
        carried(endpoint + ".Links", "pointing at the replacements of containers rolled over together");
        carried(endpoint + ".DriverOpts", "as they are");
        ignored(endpoint + ".NetworkID", "the network's id: the replacement joins the network by name");
        for (String field : ENDPOINT_ASSIGNED) {
            ignored(endpoint + "." + field, ENDPOINT_STATE);
        }
        ignored(endpoint + ".MacAddress", ENDPOINT_STATE + "; on API 1.41 a MAC address asked for is Config.MacAddress");
    }

    private InspectFields() {
    }

    static Optional<Field> field(String path) {
        return Optional.ofNullable(FIELDS.get(path));
    }

    /** The names of the fields directly in {@code section} ({@code HostConfig}, say) that are carried over. */
    static Set<String> carriedIn(String section) {
        String prefix = section + ".";
        return FIELDS.values().stream().filter(field -> field.handling() == Handling.CARRIED && field.path().startsWith(prefix)
                && field.path().indexOf('.', prefix.length()) < 0).map(field -> field.path().substring(prefix.length()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every known field, in the order of the inspect answer's sections. */
    static Collection<Field> all() {
        return FIELDS.values();
    }

    private static void section(String path) {
        FIELDS.put(path, new Field(path, Handling.SECTION, "its fields are listed one by one"));
    }

    private static void carried(String path, String note) {
        FIELDS.put(path, new Field(path, Handling.CARRIED, note));
    }

    private static void ignored(String path, String note) {
        FIELDS.put(path, new Field(path, Handling.IGNORED, note));
    }

    private static void refused(String path, String note) {
        FIELDS.put(path, new Field(path, Handling.REFUSED, note));
    }
}
