package io.patchrun.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.WaitContainerCondition;
import com.github.dockerjava.api.model.WaitResponse;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.EngineUnavailableException;
import io.patchrun.container.ExecResult;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;

/** {@link Containers} on a Docker engine through docker-java. */
final class DockerContainers implements Containers {

    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);

    private final DockerClient docker;
    private final DockerCreation creation;
    /**
     * Container id -> the image reference it was created from, which never changes: noted while the list shows
     * it, looked up at most once otherwise. The lookup is an inspect, which the engine makes wait while it
     * tears a stopped container down, for seconds when it is busy; asked again and again, every rollout would
     * wait for every stop going on.
     */
    private final Map<String, String> createdFrom = new ConcurrentHashMap<>();

    DockerContainers(DockerClient docker) {
        this.docker = docker;
        this.creation = new DockerCreation(docker);
    }

    @Override
    public List<String> runningOf(ImageRef image) {
        return engine("listing the running containers of " + image.familiarName(), () -> {
            Set<String> imageIds = docker.listImagesCmd().exec().stream()
                    .filter(candidate -> candidate.getRepoTags() != null && Arrays.stream(candidate.getRepoTags()).anyMatch(tag -> named(tag, image)))
                    .map(Image::getId).collect(Collectors.toSet());
            List<Container> running = docker.listContainersCmd().exec();
            createdFrom.keySet().retainAll(running.stream().map(Container::getId).collect(Collectors.toSet()));
            running.stream().filter(container -> !listedById(container) && container.getImage() != null)
                    .forEach(container -> createdFrom.put(container.getId(), container.getImage()));
            return running.stream().filter(container -> !swarmTask(container))
                    .filter(container -> listedById(container) ? named(createdFrom(container), image)
                            : named(container.getImage(), image) || imageIds.contains(container.getImageId()))
                    .map(DockerContainers::primaryName).sorted().toList();
        });
    }

    /**
     * Whether the list shows the container's image by id. It does so for a container created from an id, which
     * is pinned to that image (the legacy builder runs each build step so, from the image it builds on), and for
     * one created from a name that has since moved to another image, say {@code :latest} to a rebuild: only its
     * own configuration tells the two apart.
     */
    private static boolean listedById(Container container) {
        return container.getImage() != null && container.getImage().startsWith("sha256:");
    }

    /** The image reference the container was created from, or {@code null} when it is gone by now. */
    private String createdFrom(Container container) {
        String known = createdFrom.get(container.getId());
        if (known != null) {
            return known;
        }
        try {
            String reference = docker.inspectContainerCmd(container.getId()).exec().getConfig().getImage();
            createdFrom.put(container.getId(), reference);
            return reference;
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public List<String> runningWithLabel(String key) {
        return engine("listing the running containers labelled " + key, () -> docker.listContainersCmd().withLabelFilter(List.of(key)).exec()
                .stream().filter(container -> !swarmTask(container)).map(DockerContainers::primaryName).sorted().toList());
    }

    /** A task's container belongs to its Swarm service, which Swarm replaces: Patchrun updates the service, never the container. */
    private static boolean swarmTask(Container container) {
        return container.getLabels() != null && container.getLabels().containsKey("com.docker.swarm.task.id");
    }

    @Override
    public ContainerDetails inspect(String container) {
        return engine("inspecting container " + container, () -> DockerSpecs.details(docker.inspectContainerCmd(container).exec()));
    }

    @Override
    public Optional<ImageInfo> inspectImage(String reference) {
        return engine("inspecting image " + reference, () -> {
            try {
                var image = docker.inspectImageCmd(reference).exec();
                Map<String, Object> raw = EngineSettings.raw(image.getRawValues(), "Config", image.getConfig());
                return Optional.of(new ImageInfo(image.getId(), image.getRepoTags(), DockerSpecs.imageConfig(image.getConfig(), raw)));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String create(String name, ContainerSpec spec) {
        String doing = "creating container " + name + " from " + spec.image();
        return engine(doing, () -> {
            try {
                return creation.create(name, spec);
            } catch (NotFoundException e) {
                // No such image or network: not a missing container.
                throw new ContainerOperationException(doing + " failed: " + DockerErrors.reason(e), e);
            }
        });
    }

    @Override
    public void rename(String container, String newName) {
        engine("renaming container " + container + " to " + newName, () -> docker.renameContainerCmd(container).withName(newName).exec());
    }

    @Override
    public void stop(String container, Duration timeout) {
        engine("stopping container " + container, () -> {
            try {
                docker.stopContainerCmd(container).withTimeout(Math.toIntExact(timeout.toSeconds())).exec();
            } catch (NotModifiedException e) {
                // Already stopped: what was asked for.
            }
            return null;
        });
    }

    @Override
    public void signal(String container, String signal) {
        engine("sending " + signal + " to container " + container, () -> {
            try {
                docker.killContainerCmd(container).withSignal(signal).exec();
            } catch (ConflictException e) {
                // Not running any more: what the signal was for.
            }
            return null;
        });
    }

    @Override
    public boolean awaitStopped(String container, Duration timeout) {
        return engine("waiting for container " + container + " to stop", () -> {
            ResultCallback.Adapter<WaitResponse> callback = docker.waitContainerCmd(container).exec(new ResultCallback.Adapter<>());
            try {
                return callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerOperationException("interrupted while waiting for container " + container + " to stop", e);
            } finally {
                closeQuietly(callback);
            }
        });
    }

    /** Gives up the wait's connection; the engine ends the request on its side. */
    private static void closeQuietly(ResultCallback.Adapter<WaitResponse> callback) {
        try {
            callback.close();
        } catch (IOException e) {
            // The connection is dropped either way; nothing is left to undo.
        }
    }

    @Override
    public void start(String container) {
        engine("starting container " + container, () -> {
            try {
                docker.startContainerCmd(container).exec();
            } catch (NotModifiedException e) {
                // Already running: what was asked for.
            }
            return null;
        });
    }

    @Override
    public void remove(String container) {
        engine("removing container " + container, () -> {
            try {
                docker.removeContainerCmd(container).withForce(true).exec();
            } catch (ConflictException e) {
                if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                    throw e;
                }
                awaitRemoved(container);
            }
            return null;
        });
    }

    /** Waits while the engine removes a container, as it does by itself with one started with --rm once it stops. */
    private void awaitRemoved(String container) {
        ResultCallback.Adapter<WaitResponse> callback = docker.waitContainerCmd(container).withCondition(WaitContainerCondition.REMOVED)
                .exec(new ResultCallback.Adapter<>());
        try {
            if (!callback.awaitCompletion(REMOVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerOperationException("the engine was still removing container " + container + " after "
                        + REMOVAL_WAIT.toSeconds() + " s");
            }
        } catch (NotFoundException e) {
            // Removed before the wait began.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerOperationException("interrupted while waiting for the engine to remove container " + container, e);
        } finally {
            closeQuietly(callback);
        }
    }

    @Override
    public ContainerState state(String container) {
        return engine("reading the state of container " + container, () -> DockerSpecs.state(docker.inspectContainerCmd(container).exec()));
    }

    @Override
    public List<String> logTail(String container, int lines) {
        return engine("reading the log of container " + container, () -> {
            StringBuilder output = new StringBuilder();
            ResultCallback.Adapter<Frame> callback = docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(lines)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (output) {
                                output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    });
            awaitLog(callback, container);
            synchronized (output) {
                return output.toString().lines().map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
            }
        });
    }

    private static void awaitLog(ResultCallback.Adapter<Frame> callback, String container) {
        try {
            if (!callback.awaitCompletion(LOG_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerOperationException("the log of container " + container + " did not arrive within " + LOG_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerOperationException("interrupted while reading the log of container " + container, e);
        }
    }

    @Override
    public ExecResult exec(String container, List<String> command, Duration timeout) {
        return engine("running " + command + " in container " + container, () -> {
            try {
                return DockerExec.run(docker, container, command, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerOperationException("interrupted while running " + command + " in container " + container, e);
            }
        });
    }

    /** Runs an engine call, turning its failure into one that says what was being done and the engine's reason. */
    private static <T> T engine(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (ContainerOperationException e) {
            throw e;
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(doing + " failed: " + DockerErrors.reason(e), e);
        } catch (RuntimeException e) {
            if (unanswered(e)) {
                throw new EngineUnavailableException(doing + " failed: the engine did not answer: " + DockerErrors.reason(e), e);
            }
            throw new ContainerOperationException(doing + " failed: " + DockerErrors.reason(e), e);
        }
    }

    /** Whether the call failed in the transport, before the engine could say anything. */
    static boolean unanswered(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Whether an image reference as a container or image lists it has {@code image}'s name; ids do not. */
    private static boolean named(String reference, ImageRef image) {
        if (reference == null || reference.startsWith("sha256:")) {
            return false;
        }
        try {
            return ImageRef.parse(reference).sameName(image);
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** A container's own name: links give it more names, {@code /web/db}, which are not. */
    private static String primaryName(Container container) {
        return Arrays.stream(container.getNames()).filter(name -> name.indexOf('/', 1) < 0).map(DockerSpecs::name)
                .min(Comparator.naturalOrder()).orElseGet(container::getId);
    }
}
