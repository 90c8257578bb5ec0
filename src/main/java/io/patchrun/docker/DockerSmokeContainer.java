package io.patchrun.docker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

import io.patchrun.container.ContainerState;
import io.patchrun.container.ExecResult;
import io.patchrun.smoke.SmokeContainer;
import io.patchrun.smoke.SmokeEngineException;

/** One started smoke container, seen through the engine's inspect, exec and logs calls. */
final class DockerSmokeContainer implements SmokeContainer {

    private static final Duration LOGS_WAIT = Duration.ofSeconds(5);

    private final DockerClient docker;
    private final String id;

    DockerSmokeContainer(DockerClient docker, String id) {
        this.docker = docker;
        this.id = id;
    }

    @Override
    public String id() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public ContainerState state() {
        try {
            return DockerSpecs.state(docker.inspectContainerCmd(id).exec());
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not read the state of smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public int hostPort(int containerPort) {
        Ports.Binding[] bindings = inspect().getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0 || bindings[0].getHostPortSpec() == null) {
            throw new SmokeEngineException("smoke container " + id() + " has no host port for its port " + containerPort
                    + " (does the container stop at once?)", null);
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    @Override
    public ExecResult exec(List<String> command, Duration timeout) throws InterruptedException {
        try {
            return DockerExec.run(docker, id, command, timeout);
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not run " + command + " in smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public List<String> logTail(int lines) {
        FrameCollector output = new FrameCollector();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(lines).exec(output)
                    .awaitCompletion(LOGS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not read the logs of smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
        return output.text().lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public void close() {
        // An interrupted smoke test must still remove its container, but the engine's socket refuses to work
        // for an interrupted thread: the flag is put aside for the removal and set again after it.
        boolean interrupted = Thread.interrupted();
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already gone, which is all removing it was for.
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not remove smoke container " + id() + ": " + DockerErrors.reason(e), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private InspectContainerResponse inspect() {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not inspect smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
    }
}
