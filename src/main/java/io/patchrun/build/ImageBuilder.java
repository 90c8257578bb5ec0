package io.patchrun.build;

/** Builds one image from a checkout: the port the Docker engine adapter implements. */
public interface ImageBuilder {

    /**
     * Builds, tags and labels the image, streaming the engine's log into the result.
     *
     * @throws BuildFailedException naming the image, the failed step and the engine's words, with the log so far
     */
    BuildResult build(BuildRequest request);
}
