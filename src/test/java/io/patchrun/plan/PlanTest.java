package io.patchrun.plan;

import static io.patchrun.plan.Fleet.image;
import static io.patchrun.plan.Fleet.pushed;
import static io.patchrun.plan.Fleet.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void view_matchesPlanJsonOfTheContract() {
        Plan plan = DependencyGraph.of(List.of(
                pushed("x/base", "127.0.0.1:5000/x/base", "debian:12"),
                image("demo/web", "127.0.0.1:5000/x/base:stable", "nginx:1.27@" + DIGEST),
                image("demo/api", "127.0.0.1:5000/other/base:stable"),
                unreadable("demo/broken", "cannot clone ../repos/broken: not found"))).planAll();

        PlanView view = plan.view();

        assertThat(view.bases()).containsExactly("127.0.0.1:5000/other/base:stable", "debian:12", "nginx:1.27@" + DIGEST);
        assertThat(view.edges()).containsExactly(
                new Edge("127.0.0.1:5000/other/base:stable", "demo/api"),
                new Edge("debian:12", "x/base"),
                new Edge("nginx:1.27@" + DIGEST, "demo/web"),
                new Edge("x/base", "demo/web"));
        assertThat(view.levels()).containsExactly(List.of("demo/api", "demo/broken", "x/base"), List.of("demo/web"));
        assertThat(view.images()).containsExactly(
                new PlanView.Image("demo/api", List.of("127.0.0.1:5000/other/base:stable"), false, null, List.of()),
                new PlanView.Image("demo/broken", List.of(), false, "cannot clone ../repos/broken: not found", List.of()),
                new PlanView.Image("x/base", List.of("debian:12"), false, null, List.of()),
                new PlanView.Image("demo/web", List.of("127.0.0.1:5000/x/base:stable", "nginx:1.27@" + DIGEST), true, null, List.of()));
    }

    @Test
    void image_namesThePlan_whenImageIsNotInIt() {
        Plan plan = DependencyGraph.of(List.of(image("demo/web", "nginx:1.27"))).planAll();

        assertThatThrownBy(() -> plan.parents("demo/api"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo/api is not part of this plan");
    }

    @Test
    void new_rejectsImageBuiltBesideItsParent() {
        PlannedImage base = planned("demo/base");
        PlannedImage web = new PlannedImage("demo/web", List.of(), List.of("demo/base"), List.of(), null);

        assertThatThrownBy(() -> new Plan(List.of(List.of("demo/base", "demo/web")),
                Map.of("demo/base", base, "demo/web", web), List.of(), List.of()))
                .hasMessageContaining("demo/web no later than its parent demo/base");
    }

    @Test
    void new_rejectsImageInNoLevel() {
        assertThatThrownBy(() -> new Plan(List.of(List.of("demo/a")),
                Map.of("demo/a", planned("demo/a"), "demo/b", planned("demo/b")), List.of(), List.of()))
                .hasMessageContaining("images in no level: [demo/b]");
    }

    @Test
    void new_rejectsLevelNameWithoutImage() {
        assertThatThrownBy(() -> new Plan(List.of(List.of("demo/a", "demo/a")),
                Map.of("demo/a", planned("demo/a")), List.of(), List.of()))
                .hasMessageContaining("demo/a without exactly one planned image");
    }

    @Test
    void new_rejectsParentOutsidePlan() {
        PlannedImage web = new PlannedImage("demo/web", List.of(), List.of("demo/base"), List.of(), null);

        assertThatThrownBy(() -> new Plan(List.of(List.of("demo/web")), Map.of("demo/web", web), List.of(), List.of()))
                .hasMessageContaining("demo/web wait for demo/base, which it does not build");
    }

    private static PlannedImage planned(String name) {
        return new PlannedImage(name, List.of(), List.of(), List.of(), null);
    }
}
