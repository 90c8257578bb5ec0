package io.patchrun.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

import io.patchrun.smoke.ContainerState;
import io.patchrun.smoke.ExecResult;
import io.patchrun.smoke.SmokeContainer;
import io.patchrun.smoke.SmokeEngineException;

/** One started smoke container, seen through the engine's inspect, exec and logs calls. */
final class DockerSmokeContainer implements SmokeContainer {

    private static final Duration LOGS_WAIT = Duration.ofSeconds(5);
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);
    private static final Map<String, ContainerState.Health> HEALTH = Map.of(
            "starting", ContainerState.Health.STARTING,
            "healthy", ContainerState.Health.HEALTHY,
            "unhealthy", ContainerState.Health.UNHEALTHY);

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
        InspectContainerResponse.ContainerState state = inspect().getState();
        Long exitCode = state.getExitCodeLong();
        HealthState health = state.getHealth();
        if (health == null) {
            return new ContainerState(Boolean.TRUE.equals(state.getRunning()), exitCode == null ? 0 : exitCode, ContainerState.Health.NONE, "");
        }
        List<HealthStateLog> probes = health.getLog();
        String lastProbe = probes == null || probes.isEmpty() ? "" : probes.get(probes.size() - 1).getOutput();
        return new ContainerState(Boolean.TRUE.equals(state.getRunning()), exitCode == null ? 0 : exitCode,
                HEALTH.getOrDefault(health.getStatus(), ContainerState.Health.STARTING), lastProbe);
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
        FrameCollector output = new FrameCollector();
        String execId;
        try {
            execId = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true)
                    .exec().getId();
            if (!docker.execStartCmd(execId).exec(output).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeStream(output);
                return new ExecResult(false, 0, output.text());
            }
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not run " + command + " in smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
        return new ExecResult(true, exitCode(execId, command), output.text());
    }

    /** The output stream can end a moment before the engine records the exit code. */
    private long exitCode(String execId, List<String> command) throws InterruptedException {
        long giveUp = System.nanoTime() + EXIT_CODE_WAIT.toNanos();
        while (true) {
            InspectExecResponse exec;
            try {
                exec = docker.inspectExecCmd(execId).exec();
            } catch (RuntimeException e) {
                throw new SmokeEngineException("could not read the exit code of " + command + " in smoke container " + id() + ": "
                        + DockerErrors.reason(e), e);
            }
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong();
            }
            if (System.nanoTime() > giveUp) {
                throw new SmokeEngineException("the engine reported no exit code for " + command + " in smoke container " + id()
                        + " after its output ended", null);
            }
            Thread.sleep(50);
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
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already gone, which is all removing it was for.
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not remove smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
    }

    private InspectContainerResponse inspect() {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (RuntimeException e) {
            throw new SmokeEngineException("could not inspect smoke container " + id() + ": " + DockerErrors.reason(e), e);
        }
    }

    private static void closeStream(FrameCollector output) {
        try {
            output.close();
        } catch (IOException e) {
            throw new SmokeEngineException("could not stop reading an exec's output: " + e.getMessage(), e);
        }
    }
}
