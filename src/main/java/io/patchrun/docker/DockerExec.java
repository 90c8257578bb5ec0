package io.patchrun.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;

import io.patchrun.container.ExecResult;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/**
 * Runs a command in a running container, as {@code docker exec} does, and gathers its output and exit code. The
 * engine has no call that ends an exec, so one that runs past its time is left running in the container and only
 * the wait ends. The engine's failures are thrown as they are, for the caller to name what it was doing.
 */
final class DockerExec {

    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);
    private static final Duration EXIT_CODE_POLL = Duration.ofMillis(50);
    /** The engine's own time: how long it takes to record an exit is real time, whatever clock the caller runs on. */
    private static final Polling ENGINE_TIME = new Polling(Clock.systemUTC(), Pause.sleeping());

    private DockerExec() {
    }

    /** @param timeout how long to wait for it to finish; {@code null} waits as long as it runs */
    static ExecResult run(DockerClient docker, String container, List<String> command, Duration timeout) throws InterruptedException {
        FrameCollector output = new FrameCollector();
        String execId = docker.execCreateCmd(container).withCmd(command.toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        FrameCollector started = docker.execStartCmd(execId).exec(output);
        if (timeout == null) {
            started.awaitCompletion();
        } else if (!started.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close(output);
            return new ExecResult(false, 0, output.text());
        }
        return new ExecResult(true, exitCode(docker, execId), output.text());
    }

    /** The output stream can end a moment before the engine records the exit code. */
    private static long exitCode(DockerClient docker, String execId) throws InterruptedException {
        return ENGINE_TIME.until(ENGINE_TIME.now().plus(EXIT_CODE_WAIT), EXIT_CODE_POLL, () -> {
            InspectExecResponse exec = docker.inspectExecCmd(execId).exec();
            return !Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null ? Polling.Step.done(exec.getExitCodeLong())
                    : Polling.Step.notYet("no exit code yet");
        }, none -> {
            throw new IllegalStateException("the engine reported no exit code after the command's output ended");
        });
    }

    /** Gives up the output's connection; the command goes on in the container. */
    private static void close(FrameCollector output) {
        try {
            output.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop reading the command's output", e);
        }
    }
}
