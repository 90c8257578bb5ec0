package io.patchrun.container;

import io.patchrun.image.ImageRef;

/**
 * Brings an image that was built on another engine to this one: the engine pulls it from the registry it was pushed
 * to, by digest, with the registry's login, and tags it as the run's own tag, so its containers run {@code name:tag}
 * as they do on the engine that built it.
 */
public interface ImageCopies {

    /**
     * Pulls {@code pulled} ({@code registry/name@sha256:...}) and tags it {@code tagAs}.
     *
     * @return the id of the image on this engine
     * @throws ContainerOperationException naming the image, the registry's reason and, for a refused login, what to configure;
     *                                     {@link EngineUnavailableException} when the engine does not answer
     */
    String pullAs(String pulled, ImageRef tagAs);

    /** The id of the image {@code ref} names on this engine, or {@code null} when it has no such tag. */
    String imageId(ImageRef ref);
}
