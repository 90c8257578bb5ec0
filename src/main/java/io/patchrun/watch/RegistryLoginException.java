package io.patchrun.watch;

/**
 * A login that could not be read: the Docker config file is broken, or a credential helper program is
 * missing or failed. The message names the file or program and what to do; it never holds a password.
 */
public class RegistryLoginException extends RuntimeException {

    public RegistryLoginException(String message, Throwable cause) {
        super(message, cause);
    }

    public RegistryLoginException(String message) {
        this(message, null);
    }
}
