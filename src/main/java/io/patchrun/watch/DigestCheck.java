package io.patchrun.watch;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.util.Objects;

/**
 * The outcome of checking one reference: its digest, or why it could not be read.
 *
 * @param ref    the reference checked
 * @param digest the digest found, or {@code null} when the check failed
 * @param error  why the check failed, or {@code null} when a digest was found
 */
public record DigestCheck(ImageRef ref, Digest digest, RegistryException error) {

    public DigestCheck {
        Objects.requireNonNull(ref, "ref");
        if ((digest == null) == (error == null)) {
            throw new IllegalArgumentException("a digest check of " + ref + " has either a digest or an error, not "
                    + (digest == null ? "neither" : "both"));
        }
    }

    public static DigestCheck found(ImageRef ref, Digest digest) {
        return new DigestCheck(ref, Objects.requireNonNull(digest, "digest"), null);
    }

    public static DigestCheck failed(ImageRef ref, RegistryException error) {
        return new DigestCheck(ref, null, Objects.requireNonNull(error, "error"));
    }

    public boolean succeeded() {
        return digest != null;
    }
}
