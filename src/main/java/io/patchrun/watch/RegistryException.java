package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.util.Objects;

/** Why the digest of one image reference could not be read from its registry. */
public class RegistryException extends RuntimeException {

    /** What went wrong, in terms a caller can act on. */
    public enum Kind {
        /** The registry does not know the repository. */
        UNKNOWN_IMAGE,
        /** The repository exists but has no manifest under the tag. */
        UNKNOWN_TAG,
        /** The registry refused access, with or without the credentials offered. */
        AUTH_REFUSED,
        /** The registry could not be reached: connection refused, timeout, unknown host. */
        UNREACHABLE,
        /** The registry answered in a way a distribution registry should not. */
        PROTOCOL
    }

    private final Kind kind;
    private final ImageRef reference;

    public RegistryException(Kind kind, ImageRef reference, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    public RegistryException(Kind kind, ImageRef reference, String message) {
        this(kind, reference, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public ImageRef reference() {
        return reference;
    }

    public String registry() {
        return reference.registry();
    }
}
