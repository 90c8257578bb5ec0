package io.patchrun.container;

/** The engine did not answer at all (no socket, connection refused or dropped): nothing can be told about its containers. */
public class EngineUnavailableException extends ContainerOperationException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
