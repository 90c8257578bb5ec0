package io.patchrun.container;

import java.util.Objects;

import io.patchrun.retain.ImageStore;

/**
 * One Docker engine Patchrun drives, in the core's terms.
 *
 * @param name    its name in the configuration ({@code local}, {@code edge-1})
 * @param address where it is reached, for messages ({@code unix:///var/run/docker.sock})
 * @param build   whether it is the engine that builds and smoke-tests
 */
public record Engine(String name, String address, boolean build, Containers containers, VolumeArchives volumes, ImageStore images,
                     ImageCopies copies) {

    public Engine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(containers, "containers");
        Objects.requireNonNull(volumes, "volumes");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(copies, "copies");
    }

    /** {@code engine edge-1 (tcp://10.0.0.5:2376)}, for messages. */
    public String describe() {
        return "engine " + name + " (" + address + ")";
    }
}
