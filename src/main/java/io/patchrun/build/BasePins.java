package io.patchrun.build;

import java.util.List;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/**
 * Makes a build use exactly the digest of a base that was checked: the engine pulls the base by digest and its
 * tag is pointed at that image, so that a build without {@code --pull} resolves the Dockerfile's {@code FROM
 * base:tag} to it, whatever the registry's tag says meanwhile. The Docker engine adapter implements it.
 */
public interface BasePins {

    /**
     * Pulls {@code base} at {@code digest} and points {@code base}'s tag at it.
     *
     * @param image the image whose build needs it, for messages
     * @return the id of the pinned image
     * @throws BuildFailedException naming the image, the base, the digest and the engine's words
     */
    String pin(String image, ImageRef base, Digest digest);

    /**
     * The layers (diff ids) of an image, bottom first.
     *
     * @throws RuntimeException when the engine cannot say
     */
    List<String> layers(String imageId);
}
