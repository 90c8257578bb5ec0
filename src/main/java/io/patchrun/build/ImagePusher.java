package io.patchrun.build;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/** Pushes built images to a registry: the port the Docker engine adapter implements. */
public interface ImagePusher {

    /**
     * Pushes a tag that exists in the engine ({@code 127.0.0.1:5000/demo/web:20261123-134501-7f3a}).
     *
     * @return the manifest digest the registry now serves for the tag
     * @throws PushFailedException naming the reference and the engine's or registry's words
     */
    Digest push(ImageRef tagged);
}
