package io.patchrun.demo;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.DigestSource;
import io.patchrun.watch.RegistryException;

/**
 * The demo's upstream base in the local registry: what it is now, and its next release. Each release is
 * built afresh from busybox with its own release file, so each has its own digest under the same tag, just
 * as an upstream image gets a new digest with a security fix.
 */
final class DemoBase {

    /** A release that is now in the registry. */
    record Published(ImageRef base, BaseRelease release, Digest digest) {

        Published {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(release, "release");
            Objects.requireNonNull(digest, "digest");
        }

        String describe() {
            return base.familiar() + " release " + release.number() + " (" + digest.value() + ")";
        }
    }

    private final DemoEngine engine;
    private final DigestSource registry;
    private final Clock clock;

    DemoBase(DemoEngine engine, DigestSource registry, Clock clock) {
        this.engine = engine;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The digest the registry serves for {@code base}, or empty when it has none.
     *
     * @throws DemoException when the registry cannot be asked
     */
    Optional<Digest> current(ImageRef base) {
        try {
            return Optional.of(registry.digest(base));
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.UNKNOWN_IMAGE || e.kind() == RegistryException.Kind.UNKNOWN_TAG) {
                return Optional.empty();
            }
            throw new DemoException("cannot ask the registry for the demo base " + base.familiar() + ": " + e.getMessage()
                    + " (config/engine.sh up starts the local registry)", e);
        }
    }

    /** Builds and pushes the release after the one on this engine (release 1 when there is none). */
    Published publishNext(ImageRef base) {
        BaseRelease release = new BaseRelease(engine.baseRelease(base).orElse(0) + 1, clock.instant());
        return new Published(base, release, engine.publishBase(base, release));
    }
}
