package io.patchrun.docker;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.HealthcheckConfig;
import io.patchrun.container.HostAccess;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.Link;
import io.patchrun.container.NetworkAttachment;
import io.patchrun.container.PublishedPort;

/** Reads docker-java's inspect answers into the container model's terms; the one place that maps a container's state. */
final class DockerSpecs {

    private DockerSpecs() {
    }

    static ContainerDetails details(InspectContainerResponse inspected) {
        ContainerConfig config = inspected.getConfig();
        HostConfig host = inspected.getHostConfig();
        NetworkSettings network = inspected.getNetworkSettings();
        EngineSettings settings = EngineSettings.of(inspected, anonymousVolumes(inspected));
        ContainerSpec spec = new ContainerSpec(config.getImage(), imageConfig(config, settings.config()), config.getHostName(),
                host.getNetworkMode(), links(host.getLinks()), networks(network), settings.toJson(), Boolean.TRUE.equals(host.getAutoRemove()));
        return new ContainerDetails(inspected.getId(), name(inspected.getName()), inspected.getImageId(), spec, state(inspected),
                ports(network), UncarriedSettings.of(inspected.getRawValues()), hostAccess(inspected));
    }

    /**
     * What the container may reach of the host, read from the engine's raw answer: docker-java's typed capabilities
     * know no {@code CAP_} prefix, which the Docker CLI writes since version 23. Its host paths are the sources of
     * its bind mounts: those the engine lists among its mounts (resolved {@code -v} and {@code --mount} binds, and
     * those of {@code --volumes-from}), and the absolute sources of its host config's binds and bind mounts, should
     * the engine not list one.
     */
    static HostAccess hostAccess(InspectContainerResponse inspected) {
        Map<String, Object> host = EngineSettings.raw(inspected.getRawValues(), "HostConfig", inspected.getHostConfig());
        Set<String> paths = new LinkedHashSet<>();
        for (Map<?, ?> mount : maps(inspected.getRawValues().get("Mounts"))) {
            if ("bind".equals(mount.get("Type")) && mount.get("Source") instanceof String source) {
                paths.add(withoutTrailingSlash(source));
            }
        }
        for (String bind : texts(host.get("Binds"))) {
            String source = bind.contains(":") ? bind.substring(0, bind.indexOf(':')) : bind;
            if (source.startsWith("/")) {
                paths.add(withoutTrailingSlash(source));
            }
        }
        for (Map<?, ?> mount : maps(host.get("Mounts"))) {
            if ("bind".equals(mount.get("Type")) && mount.get("Source") instanceof String source) {
                paths.add(withoutTrailingSlash(source));
            }
        }
        return new HostAccess(Boolean.TRUE.equals(host.get("Privileged")), List.copyOf(paths), texts(host.get("CapAdd")),
                host.get("PidMode") instanceof String pid ? pid : null, host.get("IpcMode") instanceof String ipc ? ipc : null,
                texts(host.get("SecurityOpt")));
    }

    /** {@code -v /tmp/:/t} is listed as {@code /tmp/} in the binds and as {@code /tmp} in the mounts: one path. */
    private static String withoutTrailingSlash(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static List<Map<?, ?>> maps(Object list) {
        return list instanceof List<?> values ? values.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList() : List.of();
    }

    private static List<String> texts(Object list) {
        return list instanceof List<?> values ? values.stream().filter(String.class::isInstance).map(String.class::cast).toList() : List.of();
    }

    /**
     * The values an image can set, from an image's config or a container's.
     *
     * @param raw the same config as the engine's raw JSON object, for the fields docker-java does not model
     */
    static ImageConfig imageConfig(ContainerConfig config, Map<String, Object> raw) {
        if (config == null) {
            return ImageConfig.empty();
        }
        Object stopSignal = raw.get("StopSignal");
        return new ImageConfig(list(config.getEnv()), config.getLabels(),
                config.getExposedPorts() == null ? Set.of() : Arrays.stream(config.getExposedPorts()).map(ExposedPort::toString).collect(Collectors.toSet()),
                config.getVolumes() == null ? Set.of() : config.getVolumes().keySet(),
                config.getEntrypoint() == null ? null : List.of(config.getEntrypoint()),
                config.getCmd() == null ? null : List.of(config.getCmd()),
                healthCheck(config.getHealthcheck()), config.getWorkingDir(), config.getUser(),
                stopSignal == null ? null : stopSignal.toString());
    }

    static ContainerState state(InspectContainerResponse inspected) {
        InspectContainerResponse.ContainerState state = inspected.getState();
        Instant finishedAt = instant(state.getFinishedAt());
        HealthState health = state.getHealth();
        List<HealthStateLog> log = health == null || health.getLog() == null ? List.of() : health.getLog();
        return new ContainerState(
                ContainerState.Status.valueOf(state.getStatus().toUpperCase(Locale.ROOT)),
                health == null || health.getStatus() == null || health.getStatus().equals("none") ? ContainerState.Health.NONE
                        : ContainerState.Health.valueOf(health.getStatus().toUpperCase(Locale.ROOT)),
                finishedAt == null || state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(),
                inspected.getRestartCount() == null ? 0 : inspected.getRestartCount(),
                instant(state.getStartedAt()), finishedAt,
                log.isEmpty() ? null : log.get(log.size() - 1).getOutput());
    }

    /** A container's name without the engine's leading slash. */
    static String name(String engineName) {
        return engineName.startsWith("/") ? engineName.substring(1) : engineName;
    }

    private static HealthcheckConfig healthCheck(com.github.dockerjava.api.model.HealthCheck check) {
        if (check == null) {
            return null;
        }
        List<String> test = check.getTest() == null || check.getTest().isEmpty() ? null : check.getTest();
        HealthcheckConfig mapped = new HealthcheckConfig(test, nanos(check.getInterval()), nanos(check.getTimeout()), nanos(check.getStartPeriod()),
                check.getRetries() == null || check.getRetries() == 0 ? null : check.getRetries());
        return mapped.equals(new HealthcheckConfig(null, null, null, null, null)) ? null : mapped;
    }

    private static Duration nanos(Long value) {
        return value == null || value == 0 ? null : Duration.ofNanos(value);
    }

    private static List<Link> links(com.github.dockerjava.api.model.Link[] links) {
        return links == null ? List.of() : Arrays.stream(links).map(link -> new Link(name(link.getName()), link.getAlias())).toList();
    }

    private static List<NetworkAttachment> networks(NetworkSettings settings) {
        if (settings == null || settings.getNetworks() == null) {
            return List.of();
        }
        List<NetworkAttachment> networks = new ArrayList<>();
        settings.getNetworks().forEach((name, endpoint) -> {
            ContainerNetwork.Ipam ipam = endpoint.getIpamConfig();
            networks.add(new NetworkAttachment(name, endpoint.getAliases(), links(endpoint.getLinks()),
                    ipam == null ? null : ipam.getIpv4Address(), ipam == null ? null : ipam.getIpv6Address()));
        });
        networks.sort(Comparator.comparing(NetworkAttachment::network));
        return networks;
    }

    private static List<PublishedPort> ports(NetworkSettings settings) {
        if (settings == null || settings.getPorts() == null) {
            return List.of();
        }
        List<PublishedPort> ports = new ArrayList<>();
        for (Map.Entry<ExposedPort, Ports.Binding[]> entry : settings.getPorts().getBindings().entrySet()) {
            for (Ports.Binding binding : entry.getValue() == null ? new Ports.Binding[0] : entry.getValue()) {
                if (binding.getHostPortSpec() != null && binding.getHostPortSpec().matches("\\d+")) {
                    ports.add(new PublishedPort(entry.getKey().toString(), binding.getHostIp(), Integer.parseInt(binding.getHostPortSpec())));
                }
            }
        }
        ports.sort(Comparator.comparing(PublishedPort::containerPort).thenComparing(PublishedPort::hostIp));
        return ports;
    }

    /**
     * The volumes the engine made for the container because its image or a bare {@code -v /path} declared
     * them, as binds ({@code name:/path:rw}): they are not in its host config, yet hold its data. docker-java's
     * typed mounts lack their type, so the engine's raw answer is read.
     */
    private static List<String> anonymousVolumes(InspectContainerResponse inspected) {
        if (!(inspected.getRawValues().get("Mounts") instanceof List<?> mounts)) {
            return List.of();
        }
        Set<String> declared = declaredTargets(inspected.getHostConfig());
        List<String> volumes = new ArrayList<>();
        for (Object entry : mounts) {
            if (entry instanceof Map<?, ?> mount && "volume".equals(mount.get("Type")) && mount.get("Name") instanceof String name
                    && mount.get("Destination") instanceof String destination && !declared.contains(destination)) {
                volumes.add(name + ":" + destination + (Boolean.FALSE.equals(mount.get("RW")) ? ":ro" : ":rw"));
            }
        }
        return volumes.stream().sorted().toList();
    }

    private static Set<String> declaredTargets(HostConfig host) {
        Set<String> targets = new HashSet<>();
        if (host.getBinds() != null) {
            Arrays.stream(host.getBinds()).map(Bind::getVolume).map(volume -> volume.getPath()).forEach(targets::add);
        }
        if (host.getMounts() != null) {
            host.getMounts().forEach(mount -> targets.add(mount.getTarget()));
        }
        return targets;
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    /** The engine writes {@code 0001-01-01T00:00:00Z} for "never". */
    private static Instant instant(String value) {
        if (value == null || value.isBlank() || value.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the engine reported a time that is not ISO-8601: " + value, e);
        }
    }
}
