package io.patchrun.watch;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.util.Optional;

/** Where signature artifacts are read from: a registry, or a fake in tests. */
public interface SignatureStore {

    /**
     * The manifest {@code ref} names by its tag, as bytes; empty when the registry has no such tag.
     *
     * @throws RegistryException when the registry cannot be asked or refuses
     */
    Optional<byte[]> manifest(ImageRef ref);

    /**
     * A blob of {@code ref}'s repository, at most {@code maxBytes} long.
     *
     * @throws RegistryException when it cannot be read, is missing, or is longer
     */
    byte[] blob(ImageRef ref, Digest digest, int maxBytes);
}
