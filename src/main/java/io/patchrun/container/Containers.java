package io.patchrun.container;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.patchrun.image.ImageRef;

/**
 * The container engine, in the terms a rollover needs. Containers are named by name or id. Every method
 * throws {@link ContainerOperationException}, naming the operation, the container and the engine's reason,
 * when the engine refuses or does not answer; {@link ContainerNotFoundException} when the container named
 * does not exist.
 */
public interface Containers {

    /**
     * Names of the running containers of any tag of {@code image}'s name, sorted: those whose configured image
     * has that name, even when the name has since moved to another image, and those created from another name
     * of an image tagged with that name. Not those created from an image id: they are pinned to that image, and
     * build steps run that way.
     */
    List<String> runningOf(ImageRef image);

    /** Names of the running containers that carry the label {@code key}, whatever its value, sorted. */
    List<String> runningWithLabel(String key);

    ContainerDetails inspect(String container);

    /** The container, if the engine has one by that name or id. */
    default Optional<ContainerDetails> lookUp(String container) {
        try {
            return Optional.of(inspect(container));
        } catch (ContainerNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The image a reference or id names on the engine, if there is one. */
    Optional<ImageInfo> inspectImage(String reference);

    /**
     * Creates, without starting, a container named {@code name} from {@code spec}, attached to all of the
     * spec's networks with their aliases and static addresses.
     *
     * @return the new container's id
     */
    String create(String name, ContainerSpec spec);

    void rename(String container, String newName);

    /** Stops a container, killing it after {@code timeout}; a container already stopped is left as it is. */
    void stop(String container, Duration timeout);

    /** Sends a running container {@code signal} ({@code SIGTERM}, say) and returns at once; one not running is left as it is. */
    void signal(String container, String signal);

    /**
     * Waits until a container no longer runs, at most {@code timeout}.
     *
     * @return whether it stopped within that time
     */
    boolean awaitStopped(String container, Duration timeout);

    /** Starts a container; one already running is left as it is. */
    void start(String container);

    /**
     * Removes a container, killing it first if it still runs, and returns once it is gone; one the engine is
     * removing already (as it does with a {@code --rm} container that stopped) is waited for.
     */
    void remove(String container);

    /** Its process and health state and exit status. */
    ContainerState state(String container);

    /** The last {@code lines} lines of its output, stdout and stderr together. */
    List<String> logTail(String container, int lines);

    /**
     * Runs {@code command} (program and arguments, no shell) in the running container, as {@code docker exec}
     * does, and returns its exit code and output. A command still running after {@code timeout} is reported as
     * not finished; the engine cannot end it, so it goes on in the container.
     *
     * @param timeout how long to wait for it; {@code null} waits as long as it runs
     */
    ExecResult exec(String container, List<String> command, Duration timeout);
}
