package io.patchrun.docker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

import io.patchrun.container.ContainerState;
import io.patchrun.smoke.ExecResult;
import io.patchrun.smoke.SmokeContainer;
import io.patchrun.smoke.SmokeEngineException;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/** One started smoke container, seen through the engine's inspect, exec and logs calls. */
final class DockerSmokeContainer implements SmokeContainer {

    private static final Duration LOGS_WAIT = Duration.ofSeconds(5);
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);
    private static final Duration EXIT_CODE_POLL = Duration.ofMillis(50);
    /** The engine's own time: how long it takes to record an exit is real time, whatever clock the smoke test runs on. */
    private static final Polling ENGINE_TIME = new Polling(Clock.systemUTC(), Pause.sleeping());

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
        return ENGINE_TIME.until(ENGINE_TIME.now().plus(EXIT_CODE_WAIT), EXIT_CODE_POLL, () -> {
            InspectExecResponse exec;
            try {
                exec = docker.inspectExecCmd(execId).exec();
            } catch (RuntimeException e) {
                throw new SmokeEngineException("could not read the exit code of " + command + " in smoke container " + id() + ": "
                        + DockerErrors.reason(e), e);
            }
            return !Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null ? Polling.Step.done(exec.getExitCodeLong())
                    : Polling.Step.notYet("no exit code yet");
        }, none -> {
            throw new SmokeEngineException("the engine reported no exit code for " + command + " in smoke container " + id()
                    + " after its output ended", null);
        });
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

    private static void closeStream(FrameCollector output) {
        try {
            output.close();
        } catch (IOException e) {
            throw new SmokeEngineException("could not stop reading an exec's output: " + e.getMessage(), e);
        }
    }
}
