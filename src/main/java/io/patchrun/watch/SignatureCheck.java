package io.patchrun.watch;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.util.Objects;

/**
 * Whether a base digest carries a cosign signature made with the key a pipeline wants.
 *
 * @param base    the base reference as the Dockerfiles use it ({@code 127.0.0.1:5000/team/base:stable})
 * @param digest  the digest that was to be built on
 * @param keyName the key file as the pipeline file names it
 * @param verdict what was found
 * @param problem why the digest must not be built on, in the user's terms; {@code null} when {@link Verdict#SIGNED}
 */
public record SignatureCheck(ImageRef base, Digest digest, String keyName, Verdict verdict, String problem) {

    public enum Verdict {
        /** A signature made with the key covers exactly this digest. */
        SIGNED,
        /** The registry has no signature artifact for this digest. */
        UNSIGNED,
        /** There are signatures, but none verifies with the key. */
        WRONG_KEY,
        /** A signature verifies with the key, but its payload names another digest. */
        OTHER_DIGEST,
        /** The signature artifact could not be read or is not a cosign signature. */
        UNREADABLE
    }

    public SignatureCheck {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(verdict, "verdict");
        if ((verdict == Verdict.SIGNED) != (problem == null)) {
            throw new IllegalArgumentException("a signature check has a problem exactly when it did not pass, got " + verdict + " with " + problem);
        }
    }

    public boolean signed() {
        return verdict == Verdict.SIGNED;
    }
}
