package io.patchrun.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.github.dockerjava.api.DockerClient;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.HealthcheckConfig;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.Link;
import io.patchrun.container.NetworkAttachment;

/**
 * Turns a {@link ContainerSpec} into an engine create call: the spec's own fields over the engine settings it
 * carries, created on one network and connected to the others before anything starts it, as engines of API
 * 1.41 take a single network at create time. The settings go to the engine as the raw JSON it reported, every
 * field {@link InspectFields} lists as carried, so none is lost to a typed model that does not know it.
 */
final class DockerCreation {

    private final DockerClient docker;
    private final EngineRequests engine;

    DockerCreation(DockerClient docker) {
        this.docker = docker;
        this.engine = EngineRequests.of(docker);
    }

    /** @return the new container's id; a container that could not be connected to all its networks is removed again */
    String create(String name, ContainerSpec spec) {
        EngineSettings settings = EngineSettings.fromJson(spec.engineSettings());
        Map<String, Object> host = hostConfig(spec, settings);
        Map<String, Object> body = new LinkedHashMap<>();
        InspectFields.CONFIG_AS_IS.forEach(field -> putIfSet(body, field, settings.config().get(field)));
        putIfSet(body, "Hostname", spec.hostname());
        body.put("Image", spec.image());
        putImageConfig(body, spec.config(), host);
        body.put("HostConfig", host);
        Optional<NetworkAttachment> primary = primaryNetwork(spec);
        primary.ifPresent(network -> body.put("NetworkingConfig",
                Map.of("EndpointsConfig", Map.of(network.network(), endpoint(network, settings)))));
        Map<String, Object> created = engine.post("/containers/create?name=" + encode(name), body);
        if (!(created.get("Id") instanceof String id)) {
            throw new IllegalStateException("the engine answered the create without the new container's id: " + created);
        }
        try {
            for (NetworkAttachment network : otherNetworks(spec, primary)) {
                engine.post("/networks/" + encode(network.network()) + "/connect",
                        Map.of("Container", id, "EndpointConfig", endpoint(network, settings)));
            }
        } catch (RuntimeException e) {
            docker.removeContainerCmd(id).withForce(true).exec();
            throw e;
        }
        return id;
    }

    /** The old host config's carried fields as the engine reported them, with what the spec says about them over it. */
    private static Map<String, Object> hostConfig(ContainerSpec spec, EngineSettings settings) {
        Map<String, Object> host = new LinkedHashMap<>();
        new TreeMap<>(settings.hostConfig()).forEach((field, value) -> {
            if (InspectFields.carriedIn("HostConfig").contains(field)) {
                host.put(field, value);
            }
        });
        putIfSet(host, "NetworkMode", spec.networkMode());
        host.put("Links", engineLinks(spec.links()));
        host.put("AutoRemove", spec.autoRemove());
        if (!settings.anonymousVolumes().isEmpty()) {
            List<Object> binds = new ArrayList<>(host.get("Binds") instanceof List<?> listed ? listed : List.of());
            binds.addAll(settings.anonymousVolumes());
            host.put("Binds", binds);
        }
        return host;
    }

    private static void putImageConfig(Map<String, Object> body, ImageConfig config, Map<String, Object> host) {
        Map<String, Object> exposed = new TreeMap<>();
        config.exposedPorts().forEach(port -> exposed.put(port, Map.of()));
        if (host.get("PortBindings") instanceof Map<?, ?> bindings) {
            bindings.keySet().forEach(port -> exposed.put(String.valueOf(port), Map.of()));
        }
        Map<String, Object> volumes = new TreeMap<>();
        config.volumes().forEach(volume -> volumes.put(volume, Map.of()));
        body.put("Env", config.env());
        body.put("Labels", config.labels());
        body.put("ExposedPorts", exposed);
        body.put("Volumes", volumes);
        putIfSet(body, "WorkingDir", config.workingDir());
        putIfSet(body, "User", config.user());
        putIfSet(body, "StopSignal", config.stopSignal());
        putIfSet(body, "Entrypoint", config.entrypoint());
        putIfSet(body, "Cmd", config.cmd());
        if (config.healthCheck() != null) {
            body.put("Healthcheck", healthcheck(config.healthCheck()));
        }
    }

    /** Leaves out what is unset, so the engine's default (or the image's) applies; an empty list is an explicit "none" and stays. */
    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null && !"".equals(value)) {
            body.put(field, value);
        }
    }

    /** The network the container is created on: the one its network mode names, the default bridge for "default". */
    private static Optional<NetworkAttachment> primaryNetwork(ContainerSpec spec) {
        String mode = spec.networkMode() == null || spec.networkMode().equals("default") ? "bridge" : spec.networkMode();
        return spec.networks().stream().filter(network -> network.network().equals(mode)).findFirst();
    }

    /** Networks to connect after creation; none when the container uses the host's or another container's stack. */
    private static List<NetworkAttachment> otherNetworks(ContainerSpec spec, Optional<NetworkAttachment> primary) {
        String mode = spec.networkMode() == null ? "" : spec.networkMode();
        if (mode.equals("host") || mode.equals("none") || spec.networkContainer() != null) {
            return List.of();
        }
        return spec.networks().stream().filter(network -> primary.map(p -> !p.equals(network)).orElse(true)).toList();
    }

    /**
     * The spec's aliases, links and static addresses, over the rest of the endpoint as the engine reported it. An empty
     * list is left out: the engine reports an endpoint created with one as {@code []}, where the old one had {@code null}.
     */
    private static Map<String, Object> endpoint(NetworkAttachment network, EngineSettings settings) {
        Map<String, Object> reported = settings.endpoint(network.network());
        Map<String, Object> endpoint = new LinkedHashMap<>();
        if (!network.aliases().isEmpty()) {
            endpoint.put("Aliases", network.aliases());
        }
        if (!network.links().isEmpty()) {
            endpoint.put("Links", engineLinks(network.links()));
        }
        putIfSet(endpoint, "DriverOpts", reported.get("DriverOpts"));
        Map<String, Object> ipam = new LinkedHashMap<>();
        putIfSet(ipam, "IPv4Address", network.ipv4Address());
        putIfSet(ipam, "IPv6Address", network.ipv6Address());
        if (reported.get("IPAMConfig") instanceof Map<?, ?> reportedIpam) {
            putIfSet(ipam, "LinkLocalIPs", reportedIpam.get("LinkLocalIPs"));
        }
        if (!ipam.isEmpty()) {
            endpoint.put("IPAMConfig", ipam);
        }
        return endpoint;
    }

    /** Links as the engine takes them: {@code container:alias}. */
    private static List<String> engineLinks(List<Link> links) {
        return links.stream().map(link -> link.container() + ":" + link.alias()).toList();
    }

    private static Map<String, Object> healthcheck(HealthcheckConfig check) {
        Map<String, Object> engineCheck = new LinkedHashMap<>();
        putIfSet(engineCheck, "Test", check.test());
        putIfSet(engineCheck, "Interval", check.interval() == null ? null : check.interval().toNanos());
        putIfSet(engineCheck, "Timeout", check.timeout() == null ? null : check.timeout().toNanos());
        putIfSet(engineCheck, "StartPeriod", check.startPeriod() == null ? null : check.startPeriod().toNanos());
        putIfSet(engineCheck, "Retries", check.retries());
        return engineCheck;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
