package io.patchrun.smoke;

/** The engine could not do what a smoke test needed: start, inspect, exec in or remove the container. */
public class SmokeEngineException extends RuntimeException {

    public SmokeEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
