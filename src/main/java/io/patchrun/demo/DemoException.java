package io.patchrun.demo;

/** A demo step that could not be done; the message says which, to what, and why, in the user's terms. */
public class DemoException extends RuntimeException {

    public DemoException(String message) {
        super(message);
    }

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
