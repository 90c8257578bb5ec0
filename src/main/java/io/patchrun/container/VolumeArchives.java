package io.patchrun.container;

import java.nio.file.Path;
import java.util.List;

/**
 * Saving and restoring the content of a container's named volumes through the engine itself, with no helper
 * container: both work on a stopped container. Methods throw {@link ContainerOperationException} naming the
 * operation, the container, the volume and the reason, and {@link ContainerNotFoundException} when the
 * container does not exist.
 */
public interface VolumeArchives {

    /** The named volumes mounted into the container, in the engine's order. */
    List<VolumeMount> namedVolumes(String container);

    /**
     * Why the volumes of this container could not be restored once saved, or {@code null} when they can: a
     * container whose restore is not possible must not be rolled over with a snapshot.
     */
    String whyNotRestorable(String container);

    /**
     * Streams a tar of the volume mounted at {@code mount}'s destination in the stopped container into
     * {@code file}, which must not exist yet; never holds the volume in memory.
     *
     * @return the size of the tar written, in bytes
     */
    long save(String container, VolumeMount mount, Path file);

    /**
     * Makes the content of the volume mounted at {@code mount}'s destination in the stopped container what
     * {@link #save} wrote to {@code file}: everything in the volume that is not in the tar is deleted first, then
     * the tar is extracted with its owners, modes and times. Throws, having changed the volume or not, when the
     * volume could not be emptied or the tar not extracted.
     */
    void restore(String container, VolumeMount mount, Path file);
}
