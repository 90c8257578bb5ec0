package io.patchrun.container;

/** The engine has no container by that name or id: it was never made, or it is gone. */
public class ContainerNotFoundException extends ContainerOperationException {

    public ContainerNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    public ContainerNotFoundException(String message) {
        super(message);
    }
}
