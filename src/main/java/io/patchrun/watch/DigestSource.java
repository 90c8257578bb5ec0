package io.patchrun.watch;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/** Where the current digest of an image reference comes from: a registry, or a fake in tests. */
@FunctionalInterface
public interface DigestSource {

    /**
     * The digest the reference resolves to now; a pinned reference resolves to its own digest.
     *
     * @throws RegistryException naming the reference, the registry and what to do, when it cannot be read
     */
    Digest digest(ImageRef ref);
}
