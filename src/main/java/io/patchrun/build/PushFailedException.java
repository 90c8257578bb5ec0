package io.patchrun.build;

/** A push the registry did not accept, with the reference and the engine's or registry's words. */
public class PushFailedException extends RuntimeException {

    public PushFailedException(String reference, String reason, Throwable cause) {
        super("push of " + reference + " failed: " + reason, cause);
    }
}
