package io.patchrun.smoke;

import java.time.Duration;
import java.util.List;

import io.patchrun.container.ContainerState;
import io.patchrun.container.ExecResult;

/** A started throwaway container; {@link #close()} removes it. Failures are {@link SmokeEngineException}s. */
public interface SmokeContainer extends AutoCloseable {

    /** The engine's id for the container, for messages. */
    String id();

    /** Whether it runs, its exit code and its health, as the engine sees them now. */
    ContainerState state();

    /** The 127.0.0.1 port the engine published {@code containerPort} on. */
    int hostPort(int containerPort);

    /**
     * Runs a command in the container and waits for it.
     *
     * @return its exit code and output, or an unfinished result when it ran past {@code timeout}
     */
    ExecResult exec(List<String> command, Duration timeout) throws InterruptedException;

    /** The container's last {@code lines} lines of output, stdout and stderr together. */
    List<String> logTail(int lines);

    /** Removes the container, running or not, with its anonymous volumes; a container already gone is fine. */
    @Override
    void close();
}
