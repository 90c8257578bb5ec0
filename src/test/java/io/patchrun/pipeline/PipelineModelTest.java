package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records refuse invalid values however they are built, not only when read from a file. */
class PipelineModelTest {

    private static ImageSpec image(String name) {
        return new ImageSpec(name, "Dockerfile", ".", Map.of(), SmokeSpec.NONE, RolloutSpec.DEFAULTS);
    }

    @Test
    void imageSpec_normalisesPaths_andRefusesOnesLeavingTheRepository() {
        ImageSpec spec = new ImageSpec("demo/web", "./docker//Dockerfile", "docker/", Map.of(), SmokeSpec.NONE,
                RolloutSpec.DEFAULTS);

        assertThat(spec.dockerfile()).isEqualTo("docker/Dockerfile");
        assertThat(spec.context()).isEqualTo("docker");
        assertThat(spec.ref().name()).isEqualTo("docker.io/demo/web");
        assertThatThrownBy(() -> new ImageSpec("demo/web", "../Dockerfile", ".", Map.of(), SmokeSpec.NONE,
                RolloutSpec.DEFAULTS)).hasMessageContaining("image dockerfile must stay inside the repository");
        assertThatThrownBy(() -> image("demo/web:1")).hasMessageContaining("image name must be an image name without tag");
    }

    @Test
    void pipeline_refusesTheSameImageTwice_evenWhenWrittenDifferently() {
        RepositorySpec web = new RepositorySpec("/srv/web", null, List.of(image("demo/web")));
        RepositorySpec again = new RepositorySpec("/srv/again", "main", List.of(image("docker.io/demo/web")));

        assertThatThrownBy(() -> new Pipeline("demo", Path.of("demo.yml"), null, null, 3, null, Parallel.DEFAULTS,
                List.of(web, again), false)).hasMessage("image docker.io/demo/web appears twice in pipeline demo");
    }

    @Test
    void records_refuseValuesOutsideTheirRange() {
        RepositorySpec web = new RepositorySpec("/srv/web", null, List.of(image("demo/web")));

        assertThatThrownBy(() -> new Pipeline("demo", Path.of("demo.yml"), null, null, -1, null, Parallel.DEFAULTS,
                List.of(web), false)).hasMessage("pipeline retain must be 0 or more, got -1");
        assertThatThrownBy(() -> new Pipeline("demo", Path.of("demo.yml"), "0 3 * * *", null, 3, null,
                Parallel.DEFAULTS, List.of(web), false)).hasMessageContaining("is not a Quartz cron expression");
        assertThatThrownBy(() -> new Parallel(0, 1)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new HttpCheck(70000, "/", 200)).hasMessage("HTTP check port must be 1-65535, got 70000");
        assertThatThrownBy(() -> new SmokeSpec(null, List.of("true"), Duration.ZERO))
                .hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> new RolloutSpec(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .hasMessageContaining("stopTimeout must be longer than zero");
        assertThatThrownBy(() -> new RepositorySpec("/srv/web", null, List.of()))
                .hasMessage("repository /srv/web must list at least one image");
    }
}
