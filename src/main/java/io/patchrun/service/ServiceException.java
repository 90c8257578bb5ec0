package io.patchrun.service;

/** The engine could not do what was asked of a service; the message names the service and says the engine's words. */
public class ServiceException extends RuntimeException {

    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
