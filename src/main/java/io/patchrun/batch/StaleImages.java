package io.patchrun.batch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.fleet.Fleet;
import io.patchrun.history.ImageVersion;
import io.patchrun.image.ImageRef;

/**
 * Which images of a fleet changed since their current version was built: the plan of a run that is given
 * no images and is not forced. An image is stale when
 * <ul>
 *   <li>no version of it was built yet;</li>
 *   <li>the base its final stage is built FROM has a digest now other than the one its current version
 *       records (for a base pinned by digest in the Dockerfile, the pinned digest);</li>
 *   <li>another upstream base it uses (a build stage's) has a digest now that a check saw first only after
 *       the current version was built;</li>
 *   <li>or a fleet image it is built on has a current version built after its own.</li>
 * </ul>
 * A base whose digest could not be read now does not make an image stale: nothing says it changed. When
 * anything is stale, images whose Dockerfile could not be read are stale too: they may use a changed base,
 * and leaving them out would leave them unpatched without anyone being told. Images built on a stale one
 * are rebuilt with it by the plan, not listed here.
 */
final class StaleImages {

    private final Fleet fleet;
    private final Function<String, Optional<ImageVersion>> current;
    private final Map<String, String> digests;
    private final BiFunction<String, String, Optional<Instant>> firstSeen;

    private StaleImages(Fleet fleet, Function<String, Optional<ImageVersion>> current, Map<String, String> digests,
                        BiFunction<String, String, Optional<Instant>> firstSeen) {
        this.fleet = fleet;
        this.current = current;
        this.digests = digests;
        this.firstSeen = firstSeen;
    }

    /**
     * @param current   an image's current version
     * @param digests   upstream base reference ({@code familiar()}) -> its digest now; failed checks left out
     * @param firstSeen when a check first saw a digest of a reference
     * @return the stale images by name, sorted, each with why in the user's terms
     */
    static Map<String, String> of(Fleet fleet, Function<String, Optional<ImageVersion>> current, Map<String, String> digests,
                                  BiFunction<String, String, Optional<Instant>> firstSeen) {
        return new StaleImages(fleet, current, digests, firstSeen).find();
    }

    private Map<String, String> find() {
        Map<String, String> stale = new TreeMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (CheckedOutImage image : fleet.images().values()) {
            if (!image.readable()) {
                unreadable.put(image.name(), "its Dockerfile could not be read, so it may use a changed base: " + image.error());
            } else {
                why(image).ifPresent(reason -> stale.put(image.name(), reason));
            }
        }
        if (!stale.isEmpty()) {
            stale.putAll(unreadable);
        }
        return stale;
    }

    private Optional<String> why(CheckedOutImage image) {
        Optional<ImageVersion> version = current.apply(image.name());
        if (version.isEmpty()) {
            return Optional.of("no version of it was built yet");
        }
        for (ImageRef base : image.bases()) {
            Optional<String> reason = fleetImage(base)
                    .map(parent -> olderThan(version.get(), parent))
                    .orElseGet(() -> base.equals(image.finalBase()) ? finalBaseMoved(version.get(), base) : stageBaseMoved(version.get(), base));
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private Optional<String> olderThan(ImageVersion built, CheckedOutImage parent) {
        return current.apply(parent.name()).filter(p -> p.builtAt().isAfter(built.builtAt()))
                .map(p -> "its version " + built.tag() + " was built before " + parent.name() + " " + p.tag() + ", which it is built on");
    }

    private Optional<String> finalBaseMoved(ImageVersion built, ImageRef base) {
        String now = base.pinned() ? base.digest().value() : digests.get(base.familiar());
        if (now == null || now.equals(built.baseDigest())) {
            return Optional.empty();
        }
        return Optional.of("base " + base.familiar() + " is at " + now + "; its version " + built.tag() + " was built on "
                + (built.baseDigest() == null ? "a digest that was not recorded" : built.baseDigest()));
    }

    private Optional<String> stageBaseMoved(ImageVersion built, ImageRef base) {
        String now = base.pinned() ? null : digests.get(base.familiar());
        if (now == null) {
            return Optional.empty();
        }
        return firstSeen.apply(base.familiar(), now).filter(seen -> seen.isAfter(built.builtAt()))
                .map(seen -> "base " + base.familiar() + " of a build stage got the digest " + now + " after its version "
                        + built.tag() + " was built");
    }

    private Optional<CheckedOutImage> fleetImage(ImageRef ref) {
        return fleet.images().values().stream()
                .filter(image -> image.spec().ref().sameName(ref) || image.pushedName() != null && image.pushedName().sameName(ref))
                .findFirst();
    }
}
