package io.patchrun.batch;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RunImage;

import static org.assertj.core.api.Assertions.assertThat;

/** What a resumed run does with each image of the run it continues. */
class ResumePlanTest {

    private static final Set<String> FLEET = Set.of("demo/platform", "demo/web", "demo/api", "demo/tool");

    private final Map<String, ImageVersion> versions = new HashMap<>();

    private void version(String name, String tag, boolean current, boolean pruned) {
        versions.put(name + ":" + tag, new ImageVersion(name, tag, "sha256:" + tag, "sha256:base", "c0ffee",
                Instant.parse("2026-11-23T03:00:00Z"), 7L, current, pruned));
    }

    private static RunImage image(String name, ImageStatus status, String tag) {
        return new RunImage(name, status, tag, "sha256:base", "c0ffee", 1200L, List.of(), null);
    }

    private ResumePlan plan(RunImage... previous) {
        return ResumePlan.of(List.of(previous), FLEET, (name, tag) -> Optional.ofNullable(versions.get(name + ":" + tag)));
    }

    @Test
    void imagesThatPassedWithTheirVersionCurrent_areCarriedOver_theRestAreBuiltAgain() {
        version("demo/platform", "t7", true, false);
        version("demo/tool", "t7", true, false);

        ResumePlan plan = plan(image("demo/platform", ImageStatus.DEPLOYED, "t7"), image("demo/tool", ImageStatus.BUILT, "t7"),
                image("demo/web", ImageStatus.FAILED, "t7"), image("demo/api", ImageStatus.SKIPPED, null));

        assertThat(plan.carried()).containsOnlyKeys("demo/platform", "demo/tool");
        assertThat(plan.rebuild()).containsExactlyInAnyOrder("demo/web", "demo/api");
        assertThat(plan.rollOut()).isEmpty();
    }

    @Test
    void imageRecordedBuiltWithoutAVersion_stoppedDuringItsSmokeTest_isBuiltAgain() {
        ResumePlan plan = plan(image("demo/web", ImageStatus.BUILT, "t7"));

        assertThat(plan.rebuild()).containsExactly("demo/web");
        assertThat(plan.carried()).isEmpty();
    }

    @Test
    void imageWithAVersionThatIsNotCurrent_stoppedDuringItsRollout_isOnlyRolledOut() {
        version("demo/web", "t7", false, false);

        ResumePlan plan = plan(image("demo/web", ImageStatus.BUILT, "t7"));

        assertThat(plan.rollOut()).containsOnlyKeys("demo/web");
        assertThat(plan.rebuild()).isEmpty();
    }

    @Test
    void imageWhoseVersionWasPruned_orThatWasRolledBack_orNeverReached_isBuiltAgain() {
        version("demo/web", "t7", false, true);
        version("demo/api", "t7", false, true);

        ResumePlan plan = plan(image("demo/web", ImageStatus.DEPLOYED, "t7"), image("demo/api", ImageStatus.ROLLED_BACK, "t7"),
                image("demo/tool", ImageStatus.PENDING, null));

        assertThat(plan.rebuild()).containsExactlyInAnyOrder("demo/web", "demo/api", "demo/tool");
    }

    @Test
    void imageLeftUnchanged_staysSo() {
        version("demo/platform", "t3", true, false);

        assertThat(plan(image("demo/platform", ImageStatus.UNCHANGED, "t3")).carried()).containsOnlyKeys("demo/platform");
    }

    @Test
    void imageThePipelineNoLongerHas_isLeftOut() {
        ResumePlan plan = plan(image("demo/old", ImageStatus.FAILED, null), image("demo/web", ImageStatus.FAILED, null));

        assertThat(plan.gone()).containsExactly("demo/old");
        assertThat(plan.rebuild()).containsExactly("demo/web");
    }

    @Test
    void passedImageBuiltOnOneThatIsBuiltAgain_isBuiltAgainToo() {
        version("demo/web", "t7", true, false);
        version("demo/api", "t7", false, false);

        ResumePlan plan = plan(image("demo/platform", ImageStatus.ROLLED_BACK, "t7"), image("demo/web", ImageStatus.DEPLOYED, "t7"),
                image("demo/api", ImageStatus.BUILT, "t7")).rebuilding(Set.of("demo/platform", "demo/web", "demo/api"));

        assertThat(plan.rebuild()).containsExactlyInAnyOrder("demo/platform", "demo/web", "demo/api");
        assertThat(plan.carried()).isEmpty();
        assertThat(plan.rollOut()).isEmpty();
    }
}
