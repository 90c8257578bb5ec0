package io.patchrun.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.ExecResult;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;

/** Passes every call on and writes down the stops and starts, with the container as it was named in the call. */
final class RecordingContainers implements Containers {

    private final Containers engine;
    private final List<String> calls = new ArrayList<>();

    RecordingContainers(Containers engine) {
        this.engine = engine;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private synchronized void record(String call) {
        calls.add(call);
    }

    @Override
    public List<String> runningOf(ImageRef image) {
        return engine.runningOf(image);
    }

    @Override
    public List<String> runningWithLabel(String key) {
        return engine.runningWithLabel(key);
    }

    @Override
    public ContainerDetails inspect(String container) {
        return engine.inspect(container);
    }

    @Override
    public Optional<ImageInfo> inspectImage(String reference) {
        return engine.inspectImage(reference);
    }

    @Override
    public String create(String name, ContainerSpec spec) {
        return engine.create(name, spec);
    }

    @Override
    public void rename(String container, String newName) {
        engine.rename(container, newName);
    }

    @Override
    public void stop(String container, Duration timeout) {
        record("stop " + container);
        engine.stop(container, timeout);
    }

    @Override
    public void signal(String container, String signal) {
        engine.signal(container, signal);
    }

    @Override
    public boolean awaitStopped(String container, Duration timeout) {
        return engine.awaitStopped(container, timeout);
    }

    @Override
    public void start(String container) {
        record("start " + container);
        engine.start(container);
    }

    @Override
    public void remove(String container) {
        engine.remove(container);
    }

    @Override
    public ContainerState state(String container) {
        return engine.state(container);
    }

    @Override
    public List<String> logTail(String container, int lines) {
        return engine.logTail(container, lines);
    }

    @Override
    public ExecResult exec(String container, List<String> command, Duration timeout) {
        record("exec " + container + " " + command);
        return engine.exec(container, command, timeout);
    }
}
