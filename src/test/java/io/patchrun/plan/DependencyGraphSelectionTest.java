package io.patchrun.plan;

import static io.patchrun.plan.Fleet.image;
import static io.patchrun.plan.Fleet.pushed;
import static io.patchrun.plan.Fleet.refs;
import static io.patchrun.plan.Fleet.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.image.ImageRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphSelectionTest {

    private static final String DIGEST = "sha256:" + "d".repeat(64);

    private final DependencyGraph graph = DependencyGraph.of(List.of(
            pushed("demo/base", "127.0.0.1:5000/demo/base", "debian:12"),
            image("demo/web", "127.0.0.1:5000/demo/base:latest", "nginx:1.27"),
            image("demo/api", "demo/base", "eclipse-temurin:21-jre"),
            image("demo/api-debug", "demo/api"),
            image("demo/legacy", "debian:11"),
            image("demo/pinned", "debian:12@" + DIGEST),
            image("demo/tools", "alpine:3.20", "debian:12")));

    @Test
    void planForChangedBases_selectsUsersOfThatTag_andEverythingBuiltFromThem() {
        Plan plan = graph.planForChangedBases(refs("debian:12"));

        assertThat(plan.levels()).containsExactly(
                List.of("demo/base", "demo/tools"), List.of("demo/api", "demo/web"), List.of("demo/api-debug"));
    }

    @Test
    void planForChangedBases_ignoresOtherTagsOfSameRepository() {
        Plan plan = graph.planForChangedBases(refs("debian:11"));

        assertThat(plan.levels()).containsExactly(List.of("demo/legacy"));
    }

    @Test
    void planForChangedBases_skipsDigestPinnedUse() {
        assertThat(graph.planForChangedBases(refs("debian:12")).contains("demo/pinned")).isFalse();
    }

    @Test
    void planForChangedBases_ignoresDigestCarriedByChangedReference() {
        ImageRef withNewDigest = ImageRef.parse("nginx:1.27@sha256:" + "e".repeat(64));

        Plan plan = graph.planForChangedBases(Set.of(withNewDigest));

        assertThat(plan.levels()).containsExactly(List.of("demo/web"));
    }

    @Test
    void planForChangedBases_leavesParentsOutOfPlan_andDoesNotWaitForThem() {
        Plan plan = graph.planForChangedBases(refs("eclipse-temurin:21-jre"));

        assertThat(plan.levels()).containsExactly(List.of("demo/api"), List.of("demo/api-debug"));
        assertThat(plan.parents("demo/api")).isEmpty();
        assertThat(plan.image("demo/api").bases()).extracting(ImageRef::familiar)
                .containsExactly("demo/base:latest", "eclipse-temurin:21-jre");
        assertThat(plan.bases()).extracting(ImageRef::familiar).containsExactly("eclipse-temurin:21-jre");
        assertThat(plan.edges()).containsExactly(
                new Edge("demo/api", "demo/api-debug"), new Edge("eclipse-temurin:21-jre", "demo/api"));
    }

    @Test
    void planForChangedBases_isEmpty_whenNoImageUsesTheChangedBases() {
        assertThat(graph.planForChangedBases(refs("busybox:1.36", "debian:13")).isEmpty()).isTrue();
        assertThat(graph.planForChangedBases(Set.of()).isEmpty()).isTrue();
    }

    @Test
    void planForChangedBases_ignoresChangeOfFleetImageReference() {
        assertThat(graph.planForChangedBases(refs("127.0.0.1:5000/demo/base:latest")).isEmpty()).isTrue();
    }

    @Test
    void planForChangedBases_includesUnreadableImages_onlyWhenSomethingChanged() {
        DependencyGraph withUnreadable = DependencyGraph.of(List.of(
                unreadable("demo/broken", "Dockerfile not found at main:Dockerfile"),
                image("demo/child", "demo/broken"),
                image("demo/web", "nginx:1.27"),
                image("demo/api", "eclipse-temurin:21-jre")));

        Plan plan = withUnreadable.planForChangedBases(refs("nginx:1.27"));

        assertThat(plan.levels()).containsExactly(List.of("demo/broken", "demo/web"), List.of("demo/child"));
        assertThat(plan.image("demo/child").blockedBy()).containsExactly("demo/broken");
        assertThat(withUnreadable.planForChangedBases(Set.of()).isEmpty()).isTrue();
    }

    @Test
    void planForImages_selectsChosenImagesAndTheirDescendants_butNotTheirParents() {
        Plan plan = graph.planForImages(Set.of("demo/api", "demo/legacy"));

        assertThat(plan.levels()).containsExactly(List.of("demo/api", "demo/legacy"), List.of("demo/api-debug"));
        assertThat(plan.parents("demo/api-debug")).containsExactly("demo/api");
    }

    @Test
    void planForImages_selectsWholeSubtree_whenRootIsChosen() {
        Plan plan = graph.planForImages(Set.of("demo/base"));

        assertThat(plan.levels()).containsExactly(
                List.of("demo/base"), List.of("demo/api", "demo/web"), List.of("demo/api-debug"));
    }

    @Test
    void planForImages_doesNotBlockChild_whenUnreadableParentIsNotRebuilt() {
        DependencyGraph withUnreadable = DependencyGraph.of(List.of(
                unreadable("demo/broken", "authentication failed for ../repos/broken"),
                image("demo/child", "demo/broken")));

        Plan plan = withUnreadable.planForImages(Set.of("demo/child"));

        assertThat(plan.levels()).containsExactly(List.of("demo/child"));
        assertThat(plan.image("demo/child").isBlocked()).isFalse();
    }

    @Test
    void planForImages_throwsListingKnownNames_whenImageIsNotInFleet() {
        assertThatThrownBy(() -> graph.planForImages(Set.of("demo/web", "demo/nope", "demo/gone")))
                .isInstanceOf(UnknownImageException.class)
                .hasMessageContaining("demo/gone, demo/nope")
                .hasMessageContaining("demo/api, demo/api-debug, demo/base, demo/legacy, demo/pinned, demo/tools, demo/web")
                .satisfies(e -> assertThat(((UnknownImageException) e).unknown()).containsExactly("demo/gone", "demo/nope"));
    }

    @Test
    void planForImages_isEmpty_whenNothingIsChosen() {
        assertThat(graph.planForImages(Set.of()).isEmpty()).isTrue();
    }

    @Test
    void planAll_includesEveryImage() {
        assertThat(graph.planAll().images()).hasSize(7);
    }
}
