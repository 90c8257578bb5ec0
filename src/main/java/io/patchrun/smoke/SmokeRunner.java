package io.patchrun.smoke;

/** Smoke-tests a freshly built image in a throwaway container. */
public interface SmokeRunner {

    /** The label every smoke container carries, with the image name as its value, so it can be found. */
    String LABEL = "io.patchrun.smoke";

    /**
     * Starts a container from the image, runs the checks, and removes the container whatever happens.
     * Never throws for a failing image or engine: the result says what went wrong.
     */
    SmokeResult run(SmokeRequest request);
}
