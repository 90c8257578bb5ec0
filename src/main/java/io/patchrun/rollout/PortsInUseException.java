package io.patchrun.rollout;

/** The engine would not start a container because a host port it publishes is taken. */
public class PortsInUseException extends ContainerOperationException {

    public PortsInUseException(String message, Throwable cause) {
        super(message, cause);
    }

    public PortsInUseException(String message) {
        super(message);
    }
}
