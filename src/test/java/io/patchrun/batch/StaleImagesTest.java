package io.patchrun.batch;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.patchrun.fleet.Fleet;
import io.patchrun.history.ImageVersion;

import static org.assertj.core.api.Assertions.assertThat;

/** Which images a nightly run rebuilds: those that changed since their current version was built. */
class StaleImagesTest {

    private static final String BASE = "127.0.0.1:5000/demo/base:stable";
    private static final String GO = "127.0.0.1:5000/demo/golang:1";
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final Instant NIGHT_1 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Instant NIGHT_2 = Instant.parse("2026-11-23T03:00:00Z");

    private final Map<String, ImageVersion> current = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();
    private final Map<String, Instant> firstSeen = new HashMap<>();

    private void built(String name, String baseDigest, Instant at) {
        current.put("demo/" + name, new ImageVersion("demo/" + name, "v-" + name, "sha256:" + name, baseDigest, FleetFixture.COMMIT, at,
                1L, true, false));
    }

    private Map<String, String> stale(Fleet fleet) {
        return StaleImages.of(fleet, name -> Optional.ofNullable(current.get(name)), digests,
                (ref, digest) -> Optional.ofNullable(firstSeen.get(ref + "@" + digest)));
    }

    @Test
    void imageWithoutAVersion_isStale() {
        Fleet fleet = new FleetFixture().image("platform", BASE).fleet();
        digests.put(BASE, D1);

        assertThat(stale(fleet)).containsExactly(Map.entry("demo/platform", "no version of it was built yet"));
    }

    @Test
    void finalBaseWithANewDigest_makesTheImageStale_namingBothDigests() {
        Fleet fleet = new FleetFixture().image("platform", BASE).image("tool", BASE).fleet();
        built("platform", D1, NIGHT_1);
        built("tool", D2, NIGHT_2);
        digests.put(BASE, D2);

        assertThat(stale(fleet)).containsExactly(Map.entry("demo/platform",
                "base " + BASE + " is at " + D2 + "; its version v-platform was built on " + D1));
    }

    @Test
    void nothingChanged_nothingIsStale() {
        Fleet fleet = new FleetFixture().image("platform", BASE).image("web", "demo/platform").fleet();
        built("platform", D1, NIGHT_1);
        built("web", D1, NIGHT_1.plusSeconds(60));
        digests.put(BASE, D1);

        assertThat(stale(fleet)).isEmpty();
    }

    @Test
    void baseThatCouldNotBeChecked_makesNothingStale() {
        Fleet fleet = new FleetFixture().image("platform", BASE).fleet();
        built("platform", D1, NIGHT_1);

        assertThat(stale(fleet)).isEmpty();
    }

    @Test
    void baseWhoseVersionRecordedNoDigest_isStaleOnceADigestIsKnown() {
        Fleet fleet = new FleetFixture().image("platform", BASE).fleet();
        built("platform", null, NIGHT_1);
        digests.put(BASE, D1);

        assertThat(stale(fleet)).containsEntry("demo/platform",
                "base " + BASE + " is at " + D1 + "; its version v-platform was built on a digest that was not recorded");
    }

    @Test
    void basePinnedInTheDockerfile_isComparedByThePinnedDigest() {
        Fleet fleet = new FleetFixture().image("pinned", "debian:12@" + D2).image("same", "debian:12@" + D1).fleet();
        built("pinned", D1, NIGHT_1);
        built("same", D1, NIGHT_1);

        assertThat(stale(fleet)).containsOnlyKeys("demo/pinned");
    }

    @Test
    void buildStageBase_isStaleWhenItsDigestWasFirstSeenAfterTheVersionWasBuilt() {
        Fleet fleet = new FleetFixture().image("api", GO, BASE).image("cli", GO, BASE).fleet();
        built("api", D1, NIGHT_1);
        built("cli", D1, NIGHT_2);
        digests.put(BASE, D1);
        digests.put(GO, D2);
        firstSeen.put(GO + "@" + D2, NIGHT_1.plusSeconds(3600));

        assertThat(stale(fleet)).containsExactly(Map.entry("demo/api",
                "base " + GO + " of a build stage got the digest " + D2 + " after its version v-api was built"));
    }

    @Test
    void imageBuiltBeforeTheCurrentVersionOfItsFleetParent_isStale_itsUpToDateSiblingIsNot() {
        // Night 2 rebuilt the platform, but web's build failed: web is still on the platform of night 1.
        Fleet fleet = new FleetFixture().image("platform", BASE).image("web", "demo/platform").image("api", "demo/platform").fleet();
        built("platform", D2, NIGHT_2);
        built("web", D1, NIGHT_1);
        built("api", D2, NIGHT_2.plusSeconds(60));
        digests.put(BASE, D2);

        assertThat(stale(fleet)).containsExactly(Map.entry("demo/web",
                "its version v-web was built before demo/platform v-platform, which it is built on"));
    }

    @Test
    void imagesBuiltOnAStaleOne_areLeftToThePlan() {
        Fleet fleet = new FleetFixture().image("platform", BASE).image("web", "demo/platform").fleet();
        built("platform", D1, NIGHT_1);
        built("web", D1, NIGHT_1.plusSeconds(60));
        digests.put(BASE, D2);

        Map<String, String> stale = stale(fleet);

        assertThat(stale).containsOnlyKeys("demo/platform");
        assertThat(fleet.graph().planForImages(stale.keySet()).images()).containsOnlyKeys("demo/platform", "demo/web");
    }

    @Test
    void unreadableImages_areStaleOnlyWhenSomethingElseIs() {
        Fleet fleet = new FleetFixture().image("platform", BASE).unreadable("broken").fleet();
        built("platform", D1, NIGHT_1);
        digests.put(BASE, D1);

        assertThat(stale(fleet)).isEmpty();

        digests.put(BASE, D2);
        assertThat(stale(fleet)).containsOnlyKeys("demo/broken", "demo/platform")
                .hasEntrySatisfying("demo/broken", why -> assertThat(why).startsWith("its Dockerfile could not be read").contains("FRUM"));
    }
}
