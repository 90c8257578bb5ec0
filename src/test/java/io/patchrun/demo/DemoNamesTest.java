package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;


class DemoNamesTest {

    @Test
    void defaultNames_areTheDemoFleetOfTheReadme() {
        DemoNames names = DemoNames.DEFAULT;

        assertThat(names.base().familiar()).isEqualTo("127.0.0.1:5000/demo/base:stable");
        assertThat(names.images()).containsExactly("demo/platform", "demo/web", "demo/api");
        assertThat(names.webContainer()).isEqualTo("demo-web");
        assertThat(names.apiContainer()).isEqualTo("demo-api");
    }

    @Test
    void prefix_goesBeforeEveryName() {
        DemoNames names = new DemoNames("t1-");

        assertThat(names.base().familiar()).isEqualTo("127.0.0.1:5000/t1-demo/base:stable");
        assertThat(names.images()).containsExactly("t1-demo/platform", "t1-demo/web", "t1-demo/api");
        assertThat(names.webContainer()).isEqualTo("t1-demo-web");
        assertThat(names.apiContainer()).isEqualTo("t1-demo-api");
    }

    @Test
    void prefix_thatMakesNoValidNames_isRefusedNamingTheSetting() {
        for (String bad : List.of("T1-", "t1", "-t1-", "t/1-", "t 1-")) {
            assertThatThrownBy(() -> new DemoNames(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("patchrun.demo.prefix").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void render_movesImageNamesUnderThePrefix_butNotPathsOrContainerNames() {
        String text = """
                FROM 127.0.0.1:5000/demo/base:stable
                FROM demo/platform
                <title>demo/web</title> runs as `demo-web`; see src/main/resources/demo/web/ and data/demo-repos/web
                - name: demo/api
                """;

        assertThat(new DemoNames("t1-").render(text)).isEqualTo("""
                FROM 127.0.0.1:5000/t1-demo/base:stable
                FROM t1-demo/platform
                <title>t1-demo/web</title> runs as `demo-web`; see src/main/resources/demo/web/ and data/demo-repos/web
                - name: t1-demo/api
                """);
        assertThat(DemoNames.DEFAULT.render(text)).isEqualTo(text);
    }

    @Test
    void removeCommands_removeContainersThenImagesThenEarlierBasesThenTheBaseManifestThenTheRepositories() {
        List<String> commands = DemoNames.DEFAULT.removeCommands(
                List.of(Path.of("/srv/demo repos/platform"), Path.of("/srv/demo repos/web"), Path.of("/srv/demo repos/api")));

        assertThat(commands).containsExactly(
                "docker rm -f demo-web demo-api",
                "docker images --format '{{.Repository}}:{{.Tag}}' --filter reference='demo/*' "
                        + "--filter reference='127.0.0.1:5000/demo/*' | grep -v ':<none>$' | xargs -r docker rmi",
                "docker images -q --filter reference='127.0.0.1:5000/demo/*' | xargs -r docker rmi -f",
                "curl -s -X DELETE \"http://127.0.0.1:5000/v2/demo/base/manifests/$(curl -sI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json'"
                        + " http://127.0.0.1:5000/v2/demo/base/manifests/stable | tr -d '\\r' | awk 'tolower($1) == \"docker-content-digest:\" { print $2 }')\"",
                "rm -rf '/srv/demo repos/platform' '/srv/demo repos/web' '/srv/demo repos/api'");
    }

    @Test
    void removeCommands_nameOnlyThePrefixedDemo() {
        List<String> commands = new DemoNames("t1-").removeCommands(List.of(Path.of("/srv/repos/web")));

        assertThat(commands).first().isEqualTo("docker rm -f t1-demo-web t1-demo-api");
        assertThat(commands.get(1)).contains("reference='t1-demo/*'").contains("reference='127.0.0.1:5000/t1-demo/*'").doesNotContain("'demo/*'");
        assertThat(commands.get(2)).contains("reference='127.0.0.1:5000/t1-demo/*'");
        assertThat(commands.get(3)).contains("/v2/t1-demo/base/manifests/");
        assertThat(commands).last().isEqualTo("rm -rf /srv/repos/web");
    }
}
