package io.patchrun.demo;

import java.util.Optional;
import java.util.OptionalInt;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/**
 * What the demo needs from the Docker engine besides what patch runs do: a base image made from the
 * host's busybox, and containers to patch. Implemented next to the engine's client.
 */
public interface DemoEngine extends AutoCloseable {

    /** Why the engine cannot be used now, in the user's terms, or empty when it answers. */
    Optional<String> problem();

    /** The release number the local copy of {@code base} carries, or empty when there is no local copy. */
    OptionalInt baseRelease(ImageRef base);

    /**
     * Builds {@code base} {@code FROM scratch} from the host's static busybox with {@code release} in
     * {@link BaseRelease#FILE}, tags it, and pushes it under its tag.
     *
     * @return the digest the registry now serves for the tag
     * @throws DemoException naming the image and the engine's or registry's reason
     */
    Digest publishBase(ImageRef base, BaseRelease release);

    /** Whether a container of that name exists, running or not. */
    boolean containerExists(String name);

    /**
     * Creates and starts a container; when it cannot start, it is removed again so that a later attempt
     * starts from nothing.
     *
     * @throws DemoException naming the container and the engine's reason
     */
    void run(DemoContainer container);

    /** Releases the connection when this engine made its own; a no-op for a shared one. */
    @Override
    void close();
}
