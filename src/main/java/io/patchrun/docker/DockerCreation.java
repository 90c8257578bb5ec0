package io.patchrun.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.HealthcheckConfig;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.Link;
import io.patchrun.container.NetworkAttachment;

/**
 * Turns a {@link ContainerSpec} into an engine create call: the spec's own fields over the engine settings it
 * carries, created on one network and connected to the others before anything starts it, as engines of API
 * 1.41 take a single network at create time.
 */
final class DockerCreation {

    private final DockerClient docker;

    DockerCreation(DockerClient docker) {
        this.docker = docker;
    }

    /** @return the new container's id; a container that could not be connected to all its networks is removed again */
    String create(String name, ContainerSpec spec) {
        EngineSettings settings = EngineSettings.fromJson(spec.engineSettings());
        HostConfig host = hostConfig(spec, settings);
        CreateContainerCmd command = docker.createContainerCmd(spec.image()).withName(name).withHostConfig(host);
        applyImageConfig(command, spec.config(), host);
        applyContainerOnlySettings(command, spec, settings);
        Optional<NetworkAttachment> primary = primaryNetwork(spec);
        primary.ifPresent(network -> {
            if (!network.aliases().isEmpty()) {
                command.withAliases(network.aliases());
            }
            ifSet(network.ipv4Address(), command::withIpv4Address);
            ifSet(network.ipv6Address(), command::withIpv6Address);
        });
        String id = command.exec().getId();
        try {
            for (NetworkAttachment network : otherNetworks(spec, primary)) {
                docker.connectToNetworkCmd().withNetworkId(network.network()).withContainerId(id).withContainerNetwork(endpoint(network)).exec();
            }
        } catch (RuntimeException e) {
            docker.removeContainerCmd(id).withForce(true).exec();
            throw e;
        }
        return id;
    }

    private static HostConfig hostConfig(ContainerSpec spec, EngineSettings settings) {
        HostConfig host = settings.typedHostConfig().withNetworkMode(spec.networkMode()).withLinks(engineLinks(spec.links()))
                .withAutoRemove(spec.autoRemove());
        if (!settings.anonymousVolumes().isEmpty()) {
            List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : List.of(host.getBinds()));
            settings.anonymousVolumes().forEach(volume -> binds.add(Bind.parse(volume)));
            host.withBinds(binds);
        }
        return host;
    }

    private static void applyImageConfig(CreateContainerCmd command, ImageConfig config, HostConfig host) {
        Set<String> exposed = new TreeSet<>(config.exposedPorts());
        if (host.getPortBindings() != null) {
            host.getPortBindings().getBindings().keySet().forEach(port -> exposed.add(port.toString()));
        }
        command.withEnv(config.env()).withLabels(config.labels())
                .withExposedPorts(exposed.stream().map(ExposedPort::parse).toList())
                .withVolumes(config.volumes().stream().sorted().map(Volume::new).toList());
        ifSet(config.workingDir(), command::withWorkingDir);
        ifSet(config.user(), command::withUser);
        ifSet(config.stopSignal(), command::withStopSignal);
        ifSet(config.entrypoint(), command::withEntrypoint);
        ifSet(config.cmd(), command::withCmd);
        ifSet(config.healthCheck(), check -> command.withHealthcheck(engineHealthCheck(check)));
    }

    private static void applyContainerOnlySettings(CreateContainerCmd command, ContainerSpec spec, EngineSettings settings) {
        ContainerConfig old = settings.typedConfig();
        ifSet(spec.hostname(), command::withHostName);
        ifSet(old.getDomainName(), command::withDomainName);
        ifSet(old.getMacAddress(), command::withMacAddress);
        ifSet(old.getTty(), command::withTty);
        ifSet(old.getStdinOpen(), command::withStdinOpen);
        ifSet(old.getStdInOnce(), command::withStdInOnce);
        ifSet(old.getAttachStdin(), command::withAttachStdin);
        ifSet(old.getAttachStdout(), command::withAttachStdout);
        ifSet(old.getAttachStderr(), command::withAttachStderr);
        ifSet(old.getNetworkDisabled(), command::withNetworkDisabled);
        if (settings.config().get("StopTimeout") instanceof Number stopTimeout) {
            command.withStopTimeout(stopTimeout.intValue());
        }
    }

    /** docker-java's setters refuse {@code null}; an unset value is left out instead. */
    private static <T> void ifSet(T value, Consumer<T> setter) {
        if (value != null && !(value instanceof String text && text.isEmpty())) {
            setter.accept(value);
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

    private static ContainerNetwork endpoint(NetworkAttachment network) {
        ContainerNetwork endpoint = new ContainerNetwork().withAliases(network.aliases()).withLinks(engineLinks(network.links()));
        if (network.ipv4Address() != null || network.ipv6Address() != null) {
            endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(network.ipv4Address()).withIpv6Address(network.ipv6Address()));
        }
        return endpoint;
    }

    private static List<com.github.dockerjava.api.model.Link> engineLinks(List<Link> links) {
        return links.stream().map(link -> new com.github.dockerjava.api.model.Link(link.container(), link.alias())).toList();
    }

    private static com.github.dockerjava.api.model.HealthCheck engineHealthCheck(HealthcheckConfig check) {
        return new com.github.dockerjava.api.model.HealthCheck().withTest(check.test())
                .withInterval(check.interval() == null ? null : check.interval().toNanos())
                .withTimeout(check.timeout() == null ? null : check.timeout().toNanos())
                .withStartPeriod(check.startPeriod() == null ? null : check.startPeriod().toNanos())
                .withRetries(check.retries());
    }
}
