package io.patchrun.rollout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.Link;

import static org.assertj.core.api.Assertions.assertThat;

class RestartGroupsTest {

    @Test
    void groups_placeEachContainerAfterWhatItDependsOn_forDependsOnLabel() {
        List<RestartGroups.Group> groups = RestartGroups.groups(List.of(
                container("web", Map.of(ContainerLabels.DEPENDS_ON, "api")),
                container("api", Map.of(ContainerLabels.DEPENDS_ON, "db, cache")),
                container("db", Map.of()),
                container("cache", Map.of())));

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(names(group)).containsExactly("cache", "db", "api", "web");
            assertThat(group.cycle()).isEmpty();
        });
    }

    @Test
    void groups_keepIndependentContainersApart_inNameOrder() {
        List<RestartGroups.Group> groups = RestartGroups.groups(List.of(
                container("web", Map.of(ContainerLabels.DEPENDS_ON, "db")), container("db", Map.of()), container("batch", Map.of())));

        assertThat(groups).extracting(RestartGroupsTest::names).containsExactly(List.of("batch"), List.of("db", "web"));
    }

    @Test
    void groups_followLinksAndSharedNetworkStacks_byNameOrId() {
        ContainerDetails db = container("db", Map.of());
        ContainerDetails proxy = withSpec(container("proxy", Map.of()), "container:" + db.id(), List.of());
        ContainerDetails web = withSpec(container("web", Map.of()), "bridge", List.of(new Link("proxy", "edge")));

        List<RestartGroups.Group> groups = RestartGroups.groups(List.of(web, proxy, db));

        assertThat(groups).singleElement().satisfies(group -> assertThat(names(group)).containsExactly("db", "proxy", "web"));
    }

    @Test
    void groups_resolveComposeDependsOn_toServicesOfTheSameProject() {
        List<RestartGroups.Group> groups = RestartGroups.groups(List.of(
                container("shop-web-1", compose("shop", "web", "db:service_healthy:false")),
                container("shop-db-1", compose("shop", "db", null)),
                container("blog-db-1", compose("blog", "db", null))));

        assertThat(groups).extracting(RestartGroupsTest::names)
                .containsExactly(List.of("blog-db-1"), List.of("shop-db-1", "shop-web-1"));
    }

    @Test
    void groups_ignoreDependenciesOutsideTheSet() {
        List<RestartGroups.Group> groups = RestartGroups.groups(List.of(container("web", Map.of(ContainerLabels.DEPENDS_ON, "db"))));

        assertThat(groups).singleElement().satisfies(group -> assertThat(names(group)).containsExactly("web"));
    }

    @Test
    void groups_reportCycle_withThePathAroundIt() {
        List<RestartGroups.Group> groups = RestartGroups.groups(List.of(
                container("a", Map.of(ContainerLabels.DEPENDS_ON, "b")),
                container("b", Map.of(ContainerLabels.DEPENDS_ON, "c")),
                container("c", Map.of(ContainerLabels.DEPENDS_ON, "a")),
                container("d", Map.of(ContainerLabels.DEPENDS_ON, "a"))));

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.cycle()).containsExactly("a", "b", "c", "a");
            assertThat(names(group)).containsExactly("a", "b", "c", "d");
        });
    }

    private static List<String> names(RestartGroups.Group group) {
        return group.inStartOrder().stream().map(ContainerDetails::name).toList();
    }

    private static Map<String, String> compose(String project, String service, String dependsOn) {
        Map<String, String> labels = new HashMap<>(Map.of(RestartGroups.COMPOSE_PROJECT, project, RestartGroups.COMPOSE_SERVICE, service));
        if (dependsOn != null) {
            labels.put(RestartGroups.COMPOSE_DEPENDS_ON, dependsOn);
        }
        return labels;
    }

    static ContainerDetails container(String name, Map<String, String> labels) {
        ImageConfig config = new ImageConfig(null, labels, null, null, null, null, null, null, null, null);
        ContainerSpec spec = new ContainerSpec("demo/" + name + ":1", config, null, "bridge", List.of(), List.of(), "{}");
        String id = String.format("%064x", Math.abs((long) name.hashCode()));
        return new ContainerDetails(id, name, "sha256:" + "1".repeat(64), spec, running(), List.of());
    }

    private static ContainerDetails withSpec(ContainerDetails c, String networkMode, List<Link> links) {
        ContainerSpec s = c.spec();
        return new ContainerDetails(c.id(), c.name(), c.imageId(),
                new ContainerSpec(s.image(), s.config(), s.hostname(), networkMode, links, s.networks(), s.engineSettings()), c.state(), c.ports());
    }

    private static ContainerState running() {
        return new ContainerState(ContainerState.Status.RUNNING, ContainerState.Health.NONE, null, 0, null, null, null);
    }
}
