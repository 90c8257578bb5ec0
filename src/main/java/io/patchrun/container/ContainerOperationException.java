package io.patchrun.container;

/** The engine refused or failed an operation on a container; the message says which, on what, and why. */
public class ContainerOperationException extends RuntimeException {

    public ContainerOperationException(String message, Throwable cause) {
        super(message, cause);
    }

    public ContainerOperationException(String message) {
        super(message);
    }
}
