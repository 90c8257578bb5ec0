package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.Digest;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.watch.DigestSource;
import io.patchrun.watch.RegistryException;

/**
 * Preparing the demo checks before it acts. These cases never need a patch run, so the fleet is given
 * none: reaching for one would fail the test.
 */
class DemoFleetPrepareTest {

    private static final DemoProperties PORTS = new DemoProperties("", 18081, 18082);

    @TempDir
    Path tmp;

    private final FakeDemoEngine engine = new FakeDemoEngine();
    private DemoLayout layout;
    private DemoActions actions;

    @BeforeEach
    void demo() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("pipelines")).resolve("demo.yml");
        Files.writeString(file, Files.readString(Path.of("pipelines/demo.yml")));
        layout = DemoLayout.of(Pipeline.load(file), DemoNames.DEFAULT);
        actions = new DemoActions(layout, new DemoRepositories(), new DemoSources(DemoNames.DEFAULT));
    }

    private DemoFleet fleet(DigestSource registry) {
        return new DemoFleet(engine, new DemoBase(engine, registry, Clock.systemUTC()), null, Duration.ofMinutes(1));
    }

    @Test
    void withoutEngine_nothingIsMade_andTheMessageSaysWhatToDo() {
        engine.problem = "the Docker engine at unix:///var/run/docker.sock does not answer; start one with config/engine.sh up";

        assertThatThrownBy(() -> fleet(ref -> FakeDemoEngine.digestOf(1)).prepare(layout, actions, PORTS))
                .isInstanceOf(DemoException.class).hasMessageContaining("does not answer")
                .hasMessageEndingWith("once it answers, restart Patchrun to make the demo fleet");
        assertThat(layout.folders()).allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(engine.published).isEmpty();
    }

    @Test
    void withoutRegistry_nothingIsMade() {
        DigestSource down = ref -> {
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, ref, "nothing answers at http://127.0.0.1:5000/v2/");
        };

        assertThatThrownBy(() -> fleet(down).prepare(layout, actions, PORTS)).isInstanceOf(DemoException.class)
                .hasMessageContaining("nothing answers at http://127.0.0.1:5000/v2/").hasMessageContaining("restart Patchrun");
        assertThat(layout.folders()).allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(engine.published).isEmpty();
    }

    @Test
    void whenEverythingIsThere_nothingIsMadeAgain_andNoPatchRunIsStarted() throws Exception {
        actions.ensureRepositories();
        engine.containers.addAll(List.of("demo-web", "demo-api"));
        Digest digest = FakeDemoEngine.digestOf(3);

        List<String> things = fleet(ref -> digest).prepare(layout, actions, PORTS);

        assertThat(things).allSatisfy(line -> assertThat(line).endsWith("already there)"))
                .anySatisfy(line -> assertThat(line).contains(digest.value()))
                .anySatisfy(line -> assertThat(line).contains("container demo-web running demo/web:latest on http://127.0.0.1:18081/"));
        assertThat(engine.published).isEmpty();
        assertThat(engine.started).isEmpty();
    }

    @Test
    void missingBase_isPublishedAsRelease1_fromBusybox() throws Exception {
        engine.containers.addAll(List.of("demo-web", "demo-api"));
        DigestSource empty = ref -> {
            throw new RegistryException(RegistryException.Kind.UNKNOWN_IMAGE, ref, "repository name not known to registry");
        };

        List<String> things = fleet(empty).prepare(layout, actions, PORTS);

        assertThat(engine.published).extracting(BaseRelease::number).containsExactly(1);
        assertThat(things).anySatisfy(line -> assertThat(line).startsWith("base image 127.0.0.1:5000/demo/base:stable release 1").endsWith("(made now)"));
        assertThat(layout.folders()).allSatisfy(dir -> assertThat(dir.resolve(".git")).isDirectory());
    }

    @Test
    void demoContainers_publishOnTheConfiguredPorts_andRunLive() {
        List<DemoContainer> containers = DemoFleet.containers(new DemoNames("t1-"), PORTS);

        assertThat(containers).extracting(DemoContainer::name, DemoContainer::image, DemoContainer::hostPort)
                .containsExactly(tuple("t1-demo-web", "t1-demo/web:latest", 18081),
                        tuple("t1-demo-api", "t1-demo/api:latest", 18082));
        assertThat(containers).allSatisfy(container -> {
            assertThat(container.env()).containsEntry("DEMO_ROLE", "live");
            assertThat(container.labels()).containsEntry(DemoContainer.LABEL, "true");
            assertThat(container.containerPort()).isEqualTo(8080);
        });
    }
}
