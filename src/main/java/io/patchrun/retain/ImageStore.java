package io.patchrun.retain;

import java.util.Set;

import io.patchrun.image.ImageRef;

/** The engine's images in the terms retention needs; the Docker adapter implements it. */
public interface ImageStore {

    /** The id of the image {@code ref} names, or {@code null} when the engine has no such tag. */
    String imageId(ImageRef ref);

    /** Ids of the images any container uses, running or stopped (a renamed old container counts). */
    Set<String> imageIdsInUse();

    /** Points {@code ref} at {@code imageId}. */
    void tag(String imageId, ImageRef ref);

    /**
     * Removes the tag {@code ref}; the image itself goes when no other tag or container holds it.
     *
     * @return {@code false} when the engine kept it because a container uses it
     */
    boolean untag(ImageRef ref);
}
