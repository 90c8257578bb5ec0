package io.patchrun.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.build.BasePins;
import io.patchrun.fleet.Fleet;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/** Pinning the bases of a build to the digests the run checked, and telling a build that did not start from its pin. */
class PinnedBasesTest {

    private static final String BUILDER = "127.0.0.1:5000/x/builder:1";
    private static final String BASE = "127.0.0.1:5000/x/base:stable";
    private static final String BUILDER_DIGEST = "sha256:" + "1".repeat(64);
    private static final String BASE_DIGEST = "sha256:" + "2".repeat(64);

    private final Pins pins = new Pins();
    private final PinnedBases pinned = new PinnedBases(pins);
    private RunState state;

    @BeforeEach
    void run() {
        Fleet fleet = new FleetFixture().image("platform", BUILDER, BASE).image("app", "demo/platform").fleet();
        state = RunState.of(1, new NewRun.Patch(fleet.pipeline(), new RunRequest(List.of(), false)), List.of());
        state.fleet = fleet;
        state.baseDigests.put(ImageRef.parse(BUILDER).familiar(), BUILDER_DIGEST);
        state.baseDigests.put(ImageRef.parse(BASE).familiar(), BASE_DIGEST);
    }

    @Test
    void imageWithoutAVerifiedBase_pinsNothing_soItsBuildPullsAsAlways() {
        PinnedBases.Pinned result = pinned.pin(state, state.fleet.image("demo/platform"));

        assertThat(result.any()).isFalse();
        assertThat(pins.pinned).isEmpty();
    }

    @Test
    void imageWithAVerifiedBase_pinsEveryUpstreamBaseToItsCheckedDigest() {
        state.verifiedBases.put(ImageRef.parse(BASE).familiar(), BASE_DIGEST);

        PinnedBases.Pinned result = pinned.pin(state, state.fleet.image("demo/platform"));

        assertThat(result.any()).isTrue();
        assertThat(pins.pinned).containsExactly(BUILDER + "@" + BUILDER_DIGEST, BASE + "@" + BASE_DIGEST);
        assertThat(result.finalBaseId()).isEqualTo("id-of-" + BASE + "@" + BASE_DIGEST);
    }

    @Test
    void imageBuiltOnAFleetImage_pinsNothing() {
        state.verifiedBases.put(ImageRef.parse(BASE).familiar(), BASE_DIGEST);

        assertThat(pinned.pin(state, state.fleet.image("demo/app")).any()).isFalse();
        assertThat(pins.pinned).isEmpty();
    }

    @Test
    void buildWhoseLayersBeginWithThePinnedBases_isOnIt_andOneThatDoesNot_isNamed() {
        state.verifiedBases.put(ImageRef.parse(BASE).familiar(), BASE_DIGEST);
        PinnedBases.Pinned result = pinned.pin(state, state.fleet.image("demo/platform"));
        pins.layers.put(result.finalBaseId(), List.of("sha256:a", "sha256:b"));
        pins.layers.put("built-on-pin", List.of("sha256:a", "sha256:b", "sha256:c"));
        pins.layers.put("built-on-other", List.of("sha256:x", "sha256:b", "sha256:c"));

        assertThat(pinned.notBuiltOnPin(result, "demo/platform", "built-on-pin")).isNull();
        assertThat(pinned.notBuiltOnPin(result, "demo/platform", "built-on-other")).isEqualTo("build of demo/platform did not start"
                + " from the verified base " + BASE + " at " + BASE_DIGEST + ": its layers do not begin with that base's (the local tag"
                + " moved during the build); the new version is discarded, and the next run builds it again");
        assertThat(pinned.notBuiltOnPin(PinnedBases.Pinned.NONE, "demo/platform", "built-on-other")).isNull();
    }

    @Test
    void layersTheEngineCannotRead_failTheBuild_ratherThanPassIt() {
        state.verifiedBases.put(ImageRef.parse(BASE).familiar(), BASE_DIGEST);
        PinnedBases.Pinned result = pinned.pin(state, state.fleet.image("demo/platform"));
        pins.layers.put(result.finalBaseId(), List.of("sha256:a"));

        assertThat(pinned.notBuiltOnPin(result, "demo/platform", "gone")).startsWith("whether the build of demo/platform started from"
                + " the verified base " + BASE + " at " + BASE_DIGEST + " could not be told: reading the images' layers failed: no image gone");
    }

    @Test
    void verifiedBaseWithoutLayers_provesNothing_andFailsTheBuild() {
        state.verifiedBases.put(ImageRef.parse(BASE).familiar(), BASE_DIGEST);
        PinnedBases.Pinned result = pinned.pin(state, state.fleet.image("demo/platform"));
        pins.layers.put(result.finalBaseId(), List.of());
        pins.layers.put("built", List.of("sha256:c"));

        assertThat(pinned.notBuiltOnPin(result, "demo/platform", "built")).endsWith("could not be told: the engine lists no layers of that base");
    }

    private static final class Pins implements BasePins {
        final List<String> pinned = new ArrayList<>();
        final Map<String, List<String>> layers = new HashMap<>();

        @Override
        public String pin(String image, ImageRef base, Digest digest) {
            String ref = base.familiar() + "@" + digest.value();
            pinned.add(ref);
            return "id-of-" + ref;
        }

        @Override
        public List<String> layers(String imageId) {
            if (!layers.containsKey(imageId)) {
                throw new IllegalStateException("no image " + imageId);
            }
            return layers.get(imageId);
        }
    }
}
