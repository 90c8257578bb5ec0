package io.patchrun.smoke;

import java.util.List;
import java.util.Map;

/** Starts throwaway containers: the port the Docker engine adapter implements. */
public interface SmokeContainers {

    /**
     * Creates and starts a container from the image with its own command, each given port published on
     * 127.0.0.1 at a random host port. When the start fails, whatever was created is removed again.
     *
     * @throws SmokeEngineException naming the image and the engine's words
     */
    SmokeContainer start(String imageId, List<Integer> ports, Map<String, String> labels);
}
