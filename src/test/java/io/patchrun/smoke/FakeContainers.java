package io.patchrun.smoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.patchrun.container.ContainerState;
import io.patchrun.container.ContainerState.Health;
import io.patchrun.container.ContainerState.Status;
import io.patchrun.container.ExecResult;
import io.patchrun.testsupport.MutableClock;

/**
 * Containers whose state, exec answers and logs a test scripts. A command run in one takes {@link #execTakes}
 * on the test clock, or all of the time it was given when it is scripted not to finish.
 */
final class FakeContainers implements SmokeContainers {

    private final MutableClock clock;

    final List<FakeContainer> started = new ArrayList<>();
    Supplier<ContainerState> states = () -> running(Health.NONE);
    ExecResult execResult = new ExecResult(true, 0, "");
    Duration execTakes = Duration.ZERO;
    List<String> logs = List.of();
    /** Negative: the lookup fails, as for a container that has stopped. */
    int hostPort = 1;
    RuntimeException startFailure;
    RuntimeException removeFailure;
    Map<String, String> labels;
    List<Integer> ports;

    FakeContainers(MutableClock clock) {
        this.clock = clock;
    }

    static ContainerState running(Health health) {
        return running(health, null);
    }

    static ContainerState running(Health health, String healthOutput) {
        return new ContainerState(Status.RUNNING, health, null, 0, null, null, healthOutput);
    }

    static ContainerState exited(int code) {
        return new ContainerState(Status.EXITED, Health.NONE, code, 0, null, null, null);
    }

    @Override
    public SmokeContainer start(String imageId, List<Integer> ports, Map<String, String> labels) {
        if (startFailure != null) {
            throw startFailure;
        }
        this.labels = labels;
        this.ports = ports;
        FakeContainer container = new FakeContainer();
        started.add(container);
        return container;
    }

    boolean allRemoved() {
        return started.stream().allMatch(container -> container.removed);
    }

    final class FakeContainer implements SmokeContainer {

        boolean removed;
        List<String> executed;
        Duration execTimeout;

        @Override
        public String id() {
            return "fake" + started.indexOf(this);
        }

        @Override
        public ContainerState state() {
            return states.get();
        }

        @Override
        public int hostPort(int containerPort) {
            if (hostPort < 0) {
                throw new SmokeEngineException("smoke container " + id() + " has no host port for its port " + containerPort, null);
            }
            return hostPort;
        }

        @Override
        public ExecResult exec(List<String> command, Duration timeout) {
            executed = command;
            execTimeout = timeout;
            if (!execResult.finished() || execTakes.compareTo(timeout) > 0) {
                clock.advance(timeout);
                return new ExecResult(false, 0, execResult.output());
            }
            clock.advance(execTakes);
            return execResult;
        }

        @Override
        public List<String> logTail(int lines) {
            return logs;
        }

        @Override
        public void close() {
            removed = true;
            if (removeFailure != null) {
                throw removeFailure;
            }
        }
    }
}
