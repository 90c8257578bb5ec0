package io.patchrun.smoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Containers whose state, exec answers and logs a test scripts. */
final class FakeContainers implements SmokeContainers {

    final List<FakeContainer> started = new ArrayList<>();
    Supplier<ContainerState> states = () -> running(ContainerState.Health.NONE);
    ExecResult execResult = new ExecResult(true, 0, "");
    List<String> logs = List.of();
    /** Negative: the lookup fails, as for a container that has stopped. */
    int hostPort = 1;
    RuntimeException startFailure;
    RuntimeException removeFailure;
    Map<String, String> labels;
    List<Integer> ports;

    static ContainerState running(ContainerState.Health health) {
        return new ContainerState(true, 0, health, "");
    }

    static ContainerState exited(long code) {
        return new ContainerState(false, code, ContainerState.Health.NONE, "");
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
