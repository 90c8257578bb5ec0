package io.patchrun.history;

/** There is no version of an image to roll back to as asked; the message says which versions there are. */
public class UnavailableVersionException extends RuntimeException {

    UnavailableVersionException(String message) {
        super(message);
    }
}
