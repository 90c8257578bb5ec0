package io.patchrun.batch;

import java.util.List;

import org.springframework.stereotype.Component;

import io.patchrun.build.BasePins;
import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/**
 * Builds on verified bases use exactly the digests that were verified. {@code --pull} would fetch whatever
 * the tag names when the build starts, which may have moved since the check; so before such a build, each
 * upstream base of the image that the run checked is pulled by its digest and its tag pointed at it, and the
 * build runs without {@code --pull}. After the build, the new image's layers must begin with the verified final
 * base's, which catches another build moving the local tag between the pin and this build's {@code FROM}.
 */
@Component
class PinnedBases {

    /** What was pinned for one build: nothing, or the bases and the id of the final stage's base if it was one. */
    record Pinned(boolean any, ImageRef finalBase, Digest finalDigest, String finalBaseId) {
        static final Pinned NONE = new Pinned(false, null, null, null);
    }

    private final BasePins pins;

    PinnedBases(BasePins pins) {
        this.pins = pins;
    }

    /**
     * Pins the image's upstream bases when one of them was verified by this run; pins nothing otherwise.
     *
     * @throws io.patchrun.build.BuildFailedException when a base cannot be pulled by its digest
     */
    Pinned pin(RunState state, CheckedOutImage image) {
        boolean verified = image.bases().stream().anyMatch(base -> state.verifiedBases.containsKey(base.familiar()));
        if (!verified) {
            return Pinned.NONE;
        }
        String finalBaseId = null;
        Digest finalDigest = null;
        for (ImageRef base : image.bases()) {
            String digest = state.baseDigests.get(base.familiar());
            if (base.pinned() || digest == null || state.fleet.imageNamed(base).isPresent()) {
                continue;
            }
            String id = pins.pin(image.name(), base, Digest.of(digest));
            if (base.equals(image.finalBase())) {
                finalBaseId = id;
                finalDigest = Digest.of(digest);
            }
        }
        return new Pinned(true, finalBaseId == null ? null : image.finalBase(), finalDigest, finalBaseId);
    }

    /** Why the built image is not built on the pinned final base, or {@code null} when it is (or none was pinned). */
    String notBuiltOnPin(Pinned pinned, String image, String builtId) {
        if (pinned.finalBaseId() == null) {
            return null;
        }
        List<String> base;
        List<String> built;
        try {
            base = pins.layers(pinned.finalBaseId());
            built = pins.layers(builtId);
        } catch (RuntimeException e) {
            // Unable to tell is not proof: the build is treated as not built on the verified base.
            return "whether the build of " + image + " started from the verified base " + pinned.finalBase().familiar() + " at "
                    + pinned.finalDigest().value() + " could not be told: reading the images' layers failed: " + e.getMessage();
        }
        if (base.isEmpty()) {
            return "whether the build of " + image + " started from the verified base " + pinned.finalBase().familiar() + " at "
                    + pinned.finalDigest().value() + " could not be told: the engine lists no layers of that base";
        }
        if (built.size() >= base.size() && built.subList(0, base.size()).equals(base)) {
            return null;
        }
        return "build of " + image + " did not start from the verified base " + pinned.finalBase().familiar() + " at "
                + pinned.finalDigest().value() + ": its layers do not begin with that base's (the local tag moved during the"
                + " build); the new version is discarded, and the next run builds it again";
    }
}
