package io.patchrun.plan;

import static io.patchrun.plan.Fleet.image;
import static io.patchrun.plan.Fleet.pushed;
import static io.patchrun.plan.Fleet.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    @Test
    void planAll_buildsDiamondInThreeLevels_withBothSidesBeforeTheJoin() {
        Plan plan = DependencyGraph.of(List.of(
                image("demo/base", "debian:12"),
                image("demo/left", "demo/base"),
                image("demo/right", "demo/base"),
                image("demo/app", "demo/left", "demo/right"))).planAll();

        assertThat(plan.levels()).containsExactly(
                List.of("demo/base"), List.of("demo/left", "demo/right"), List.of("demo/app"));
        assertThat(plan.parents("demo/app")).containsExactly("demo/left", "demo/right");
        assertThat(plan.parents("demo/base")).isEmpty();
    }

    @Test
    void of_reportsFullCyclePath_whenImagesAreBuiltFromEachOther() {
        List<FleetImage> fleet = List.of(
                image("demo/c", "demo/b"),
                image("demo/a", "demo/c", "debian:12"),
                image("demo/b", "demo/a"),
                image("demo/ok", "debian:12"));

        assertThatThrownBy(() -> DependencyGraph.of(fleet))
                .isInstanceOf(DependencyCycleException.class)
                .hasMessageContaining("demo/a -> demo/b -> demo/c -> demo/a")
                .satisfies(e -> assertThat(((DependencyCycleException) e).cycle())
                        .containsExactly("demo/a", "demo/b", "demo/c", "demo/a"));
    }

    @Test
    void of_reportsCycleStartingAtFirstName_whenSearchEntersItElsewhere() {
        List<FleetImage> fleet = List.of(
                image("demo/a", "debian:12"),
                image("demo/b", "demo/a", "demo/d"),
                image("demo/c", "demo/b"),
                image("demo/d", "demo/c"));

        assertThatThrownBy(() -> DependencyGraph.of(fleet))
                .hasMessageContaining("demo/b -> demo/c -> demo/d -> demo/b");
    }

    @Test
    void of_reportsOneImageCycle_whenImageIsBuiltFromItself() {
        assertThatThrownBy(() -> DependencyGraph.of(List.of(image("demo/web", "demo/web:previous"))))
                .isInstanceOf(DependencyCycleException.class)
                .hasMessageContaining("demo/web -> demo/web");
    }

    @Test
    void of_findsCycleThroughPushedName() {
        List<FleetImage> fleet = List.of(
                pushed("demo/a", "127.0.0.1:5000/demo/a", "demo/b"),
                image("demo/b", "127.0.0.1:5000/demo/a:latest"));

        assertThatThrownBy(() -> DependencyGraph.of(fleet)).hasMessageContaining("demo/a -> demo/b -> demo/a");
    }

    @Test
    void planAll_sharesLevelsBetweenUnrelatedSubtrees_inNameOrder() {
        Plan plan = DependencyGraph.of(List.of(
                image("shop/api", "shop/runtime"),
                image("blog/web", "blog/base"),
                image("shop/runtime", "eclipse-temurin:21-jre"),
                image("blog/base", "alpine:3.20"))).planAll();

        assertThat(plan.levels()).containsExactly(
                List.of("blog/base", "shop/runtime"), List.of("blog/web", "shop/api"));
        assertThat(plan.edges()).containsExactly(
                new Edge("alpine:3.20", "blog/base"),
                new Edge("blog/base", "blog/web"),
                new Edge("eclipse-temurin:21-jre", "shop/runtime"),
                new Edge("shop/runtime", "shop/api"));
    }

    @Test
    void planAll_putsAllChildrenOfSharedBaseInOneLevel() {
        Plan plan = DependencyGraph.of(List.of(
                image("demo/worker", "demo/base"),
                image("demo/api", "demo/base"),
                image("demo/web", "demo/base"),
                image("demo/base", "debian:12"))).planAll();

        assertThat(plan.levels()).containsExactly(List.of("demo/base"), List.of("demo/api", "demo/web", "demo/worker"));
        assertThat(plan.edges()).extracting(Edge::from).containsExactly("debian:12", "demo/base", "demo/base", "demo/base");
    }

    @Test
    void planAll_placesImageAfterItsDeepestParent_whenParentsSitAtDifferentDepths() {
        Plan plan = DependencyGraph.of(List.of(
                image("demo/base", "debian:12"),
                image("demo/mid", "demo/base"),
                image("demo/app", "demo/base", "demo/mid"))).planAll();

        assertThat(plan.levels()).containsExactly(List.of("demo/base"), List.of("demo/mid"), List.of("demo/app"));
    }

    @Test
    void planAll_recordsBothBasesOfMultiStageImage() {
        Plan plan = DependencyGraph.of(List.of(
                image("demo/builder", "maven:3.9"),
                image("demo/app", "demo/builder:latest", "eclipse-temurin:21-jre", "demo/builder"))).planAll();

        PlannedImage app = plan.image("demo/app");
        assertThat(app.bases()).extracting(ref -> ref.familiar())
                .containsExactly("demo/builder:latest", "eclipse-temurin:21-jre");
        assertThat(app.parents()).containsExactly("demo/builder");
        assertThat(plan.bases()).extracting(ref -> ref.familiar()).containsExactly("eclipse-temurin:21-jre", "maven:3.9");
        assertThat(plan.edges()).containsExactly(
                new Edge("demo/builder", "demo/app"),
                new Edge("eclipse-temurin:21-jre", "demo/app"),
                new Edge("maven:3.9", "demo/builder"));
    }

    @Test
    void planAll_linksBaseToFleetImage_whenDockerfileUsesPushedNameWithAnyTag() {
        Plan plan = DependencyGraph.of(List.of(
                pushed("x/base", "127.0.0.1:5000/x/base", "debian:12"),
                image("x/app", "127.0.0.1:5000/x/base:stable"))).planAll();

        assertThat(plan.levels()).containsExactly(List.of("x/base"), List.of("x/app"));
        assertThat(plan.bases()).extracting(ref -> ref.familiar()).containsExactly("debian:12");
        assertThat(plan.edges()).contains(new Edge("x/base", "x/app"));
    }

    @Test
    void planAll_treatsOtherRegistrysImageOfSameRepositoryAsUpstream() {
        Plan plan = DependencyGraph.of(List.of(
                image("x/base", "debian:12"),
                image("x/app", "127.0.0.1:5000/x/base:stable"))).planAll();

        assertThat(plan.levels()).containsExactly(List.of("x/app", "x/base"));
        assertThat(plan.bases()).extracting(ref -> ref.familiar()).containsExactly("127.0.0.1:5000/x/base:stable", "debian:12");
    }

    @Test
    void planAll_marksPinnedImages() {
        String digest = "sha256:" + "b".repeat(64);
        Plan plan = DependencyGraph.of(List.of(
                image("demo/pinned", "debian:12@" + digest, "alpine:3.20"),
                image("demo/floating", "debian:12"))).planAll();

        assertThat(plan.image("demo/pinned").pinned()).isTrue();
        assertThat(plan.image("demo/floating").pinned()).isFalse();
        assertThat(plan.bases()).extracting(ref -> ref.familiar())
                .containsExactly("alpine:3.20", "debian:12", "debian:12@" + digest);
    }

    @Test
    void planAll_keepsUnreadableImage_andBlocksEverythingBuiltFromIt() {
        Plan plan = DependencyGraph.of(List.of(
                unreadable("demo/base", "cannot clone ../repos/base: repository not found"),
                image("demo/web", "demo/base"),
                image("demo/web-debug", "demo/web"),
                image("demo/other", "debian:12"))).planAll();

        assertThat(plan.levels()).containsExactly(List.of("demo/base", "demo/other"), List.of("demo/web"), List.of("demo/web-debug"));
        assertThat(plan.image("demo/base").error()).isEqualTo("cannot clone ../repos/base: repository not found");
        assertThat(plan.image("demo/base").isBlocked()).isFalse();
        assertThat(plan.image("demo/web").blockedBy()).containsExactly("demo/base");
        assertThat(plan.image("demo/web-debug").blockedBy()).containsExactly("demo/base");
        assertThat(plan.image("demo/other").isBlocked()).isFalse();
        assertThat(plan.image("demo/other").isReadable()).isTrue();
    }

    @Test
    void planAll_namesEveryUnreadableAncestor_whenImageHasSeveral() {
        Plan plan = DependencyGraph.of(List.of(
                unreadable("demo/a", "no Dockerfile at docker/Dockerfile"),
                unreadable("demo/b", "ref v2 not found"),
                image("demo/mid", "demo/a"),
                image("demo/app", "demo/mid", "demo/b"))).planAll();

        assertThat(plan.image("demo/app").blockedBy()).containsExactly("demo/a", "demo/b");
    }

    @Test
    void planAll_isEmpty_forEmptyFleet() {
        Plan plan = DependencyGraph.of(List.of()).planAll();

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.levels()).isEmpty();
    }

    @Test
    void of_rejectsTwoImagesWithSameName() {
        assertThatThrownBy(() -> DependencyGraph.of(List.of(image("demo/web", "debian:12"), image("demo/web", "alpine"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo/web twice");
    }

    @Test
    void of_rejectsTwoImagesPublishedUnderSameName() {
        List<FleetImage> fleet = List.of(
                pushed("demo/a", "127.0.0.1:5000/demo/shared", "debian:12"),
                pushed("demo/b", "127.0.0.1:5000/demo/shared:v2", "debian:12"));

        assertThatThrownBy(() -> DependencyGraph.of(fleet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo/a and demo/b are both published as 127.0.0.1:5000/demo/shared");
    }

    @Test
    void planAll_givesSamePlan_whenFleetIsListedInAnyOrder() {
        List<FleetImage> fleet = new ArrayList<>(SyntheticFleet.of(300, 7));
        Plan expected = DependencyGraph.of(fleet).planAll();
        Random random = new Random(11);

        for (int i = 0; i < 5; i++) {
            Collections.shuffle(fleet, random);
            Plan plan = DependencyGraph.of(fleet).planAll();

            assertThat(plan).isEqualTo(expected);
            assertThat(plan.view()).isEqualTo(expected.view());
            assertThat(List.copyOf(plan.images().keySet())).isEqualTo(List.copyOf(expected.images().keySet()));
        }
    }

    @Test
    void planAll_ordersLargeFleet_withEveryImageAfterItsParents() {
        Plan plan = DependencyGraph.of(SyntheticFleet.of(2_000, 42)).planAll();

        Map<String, Integer> levelOf = new HashMap<>();
        for (int level = 0; level < plan.levels().size(); level++) {
            assertThat(plan.levels().get(level)).isSorted();
            for (String name : plan.levels().get(level)) {
                assertThat(levelOf.put(name, level)).isNull();
            }
        }
        assertThat(levelOf).hasSize(2_000);
        assertThat(plan.levels().size()).isGreaterThan(5);
        levelOf.forEach((name, level) -> assertThat(plan.parents(name))
                .allSatisfy(parent -> assertThat(levelOf.get(parent)).isLessThan(level)));
    }
}
