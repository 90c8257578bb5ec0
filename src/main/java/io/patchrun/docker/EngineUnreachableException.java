package io.patchrun.docker;

/**
 * The engine could not be reached over its transport (TLS, SSH); the message says why and which setting to look at.
 * What the transport itself threw is attached as suppressed, so that the message stays the user's words.
 */
public final class EngineUnreachableException extends RuntimeException {

    EngineUnreachableException(String message) {
        super(message);
    }
}
