package io.patchrun.container;

import java.util.Objects;

/**
 * A named volume mounted into a container.
 *
 * @param volume      the volume's name on the engine
 * @param destination where it is mounted in the container, an absolute path
 * @param writable    whether the container can change it
 */
public record VolumeMount(String volume, String destination, boolean writable) {

    public VolumeMount {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(destination, "destination");
        if (!destination.startsWith("/") || destination.equals("/")) {
            throw new IllegalArgumentException("volume " + volume + " is mounted at " + destination + ", not at an absolute folder below /");
        }
    }
}
