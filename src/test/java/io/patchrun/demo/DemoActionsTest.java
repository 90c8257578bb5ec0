package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.pipeline.Pipeline;

class DemoActionsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.250Z");

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

    private DemoBase base() {
        return new DemoBase(engine, ref -> FakeDemoEngine.digestOf(1), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void breakNext_commitsAHealthCheckThatFailsOnlyWhereDemoRoleIsLive() throws Exception {
        String said = actions.breakNext();

        assertThat(said).startsWith("Committed ").contains("passes its smoke test, fails its health check on demo-web");
        assertThat(actions.nextWebBroken()).isTrue();
        String health = Files.readString(layout.repository(DemoSources.App.WEB).resolve("health.sh"));
        assertThat(health).contains("\"$DEMO_ROLE\" = live").contains("exit 1");
        try (Git git = Git.open(layout.repository(DemoSources.App.WEB).toFile())) {
            assertThat(git.status().call().isClean()).isTrue();
            assertThat(git.log().call().iterator().next().getFullMessage()).contains("demo break-next");
        }
    }

    @Test
    void breakNext_twice_commitsOnce() {
        actions.breakNext();

        assertThat(actions.breakNext()).contains("already broken; nothing committed");
    }

    @Test
    void fixNext_putsTheWorkingHealthCheckBack() throws Exception {
        actions.breakNext();

        String said = actions.fixNext();

        assertThat(said).startsWith("Committed ").contains("healthy again");
        assertThat(actions.nextWebBroken()).isFalse();
        assertThat(Files.readString(layout.repository(DemoSources.App.WEB).resolve("health.sh"))).doesNotContain("DEMO_ROLE");
        assertThat(actions.fixNext()).contains("is not broken; nothing committed");
    }

    @Test
    void publishBase_countsOnFromTheReleaseOnTheEngine() {
        engine.localRelease = 4;

        DemoBase.Published published = actions.publishBase(base());

        assertThat(published.release().number()).isEqualTo(5);
        assertThat(engine.published).extracting(BaseRelease::fileContent).containsExactly("5 (published 2026-11-23 10:15:30 UTC)\n");
        assertThat(actions.publishBaseMessage(published)).startsWith("Published 127.0.0.1:5000/demo/base:stable release 5 (sha256:")
                .contains("rebuilds demo/platform, demo/web, demo/api in order");
    }

    @Test
    void publishBase_startsAtRelease1_whenTheEngineHasNoBase() {
        assertThat(actions.publishBase(base()).release().number()).isEqualTo(1);
    }
}
