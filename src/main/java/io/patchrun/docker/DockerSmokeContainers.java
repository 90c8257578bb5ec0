package io.patchrun.docker;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;

import io.patchrun.smoke.SmokeContainer;
import io.patchrun.smoke.SmokeContainers;
import io.patchrun.smoke.SmokeEngineException;

/**
 * Starts smoke containers with the image's own command, ports published on loopback only. A smoke container's host
 * configuration is its port bindings and nothing else, whatever the image is: never privileged, no host path, no
 * Docker socket, no added capability, none of the host's namespaces, the engine's default confinement. An image
 * cannot ask for more (its VOLUMEs become volumes of the engine's own, not host paths).
 */
final class DockerSmokeContainers implements SmokeContainers {

    private static final String LOOPBACK = "127.0.0.1";

    private final DockerClient docker;

    DockerSmokeContainers(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public SmokeContainer start(String imageId, List<Integer> ports, Map<String, String> labels) {
        List<ExposedPort> exposed = ports.stream().map(ExposedPort::tcp).toList();
        Ports bindings = new Ports();
        // Host port left empty: the engine picks a free one, so smoke tests never collide.
        exposed.forEach(port -> bindings.bind(port, Ports.Binding.bindIp(LOOPBACK)));
        String id;
        try {
            id = docker.createContainerCmd(imageId).withLabels(labels).withExposedPorts(exposed)
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings).withPrivileged(false)).exec().getId();
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not create a container from " + imageId + ": " + DockerErrors.reason(e), e);
        }
        DockerSmokeContainer container = new DockerSmokeContainer(docker, id);
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            SmokeEngineException failure = new SmokeEngineException("could not start a container from " + imageId + ": "
                    + DockerErrors.reason(e), e);
            try {
                container.close();
            } catch (SmokeEngineException removal) {
                failure.addSuppressed(removal);
            }
            throw failure;
        }
        return container;
    }
}
