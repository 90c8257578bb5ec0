package io.patchrun.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.fleet.FleetReader;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.PlanView;
import io.patchrun.source.Revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pipelines/demo.yml and the sources under src/main/resources/demo/ make the fleet the README promises. */
class DemoFleetPlanTest {

    private static final Path DEMO_PIPELINE = Path.of("pipelines/demo.yml");

    @TempDir
    Path tmp;

    @Test
    void demoPipeline_watchesEvery10Seconds_runsOnBaseChange_andKeeps3Versions() {
        Pipeline pipeline = Pipeline.load(DEMO_PIPELINE);

        assertThat(pipeline.name()).isEqualTo(DemoLayout.PIPELINE);
        assertThat(pipeline.watchEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pipeline.runOnBaseChange()).isTrue();
        assertThat(pipeline.retain()).isEqualTo(3);
        assertThat(pipeline.images()).extracting(i -> i.name()).containsExactly("demo/platform", "demo/web", "demo/api");
        assertThat(pipeline.images().get(1).smoke().http()).isNotNull();
        assertThat(pipeline.images().subList(1, 3)).allSatisfy(app -> assertThat(app.rollout().stopTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void layout_putsTheRepositoriesUnderTheDataFolderNextToThePipelinesFolder() {
        DemoLayout layout = DemoLayout.of(Pipeline.load(DEMO_PIPELINE), DemoNames.DEFAULT);

        Path repos = Path.of("data/demo-repos").toAbsolutePath().normalize();
        assertThat(layout.folders()).containsExactly(repos.resolve("platform"), repos.resolve("web"), repos.resolve("api"));
    }

    @Test
    void layout_ofAPipelineWithOtherImages_isRefused_andTheDemoLeavesItAlone() {
        Pipeline other = Pipeline.parse(tmp.resolve("demo.yml"), "name: demo\nrepositories:\n  - url: repo\n    images: [{ name: acme/shop }]\n");

        assertThatThrownBy(() -> DemoLayout.of(other, DemoNames.DEFAULT)).isInstanceOf(DemoException.class)
                .hasMessageContaining("[acme/shop]").hasMessageContaining("[demo/platform, demo/web, demo/api]")
                .hasMessageContaining("leaves it alone");
    }

    @Test
    void repositoriesMadeFromTheSources_planBaseThenPlatformThenBothApps() throws IOException {
        DemoNames names = new DemoNames("t1-");
        DemoLayout layout = DemoLayout.of(copyOfDemoPipeline(names), names);
        DemoActions actions = new DemoActions(layout, new DemoRepositories(), new DemoSources(names));

        List<String> made = actions.ensureRepositories();

        assertThat(made).hasSize(3).allSatisfy(line -> assertThat(line).contains("(made now from Patchrun's src/main/resources/demo/"));
        PlanView plan = new FleetReader(this::checkout).read(copyOfDemoPipeline(names)).graph().planAll().view();
        assertThat(plan.bases()).containsExactly("127.0.0.1:5000/t1-demo/base:stable");
        assertThat(plan.levels()).containsExactly(List.of("t1-demo/platform"), List.of("t1-demo/api", "t1-demo/web"));
    }

    @Test
    void ensureRepositories_leavesRepositoriesThatExist_withWhatWasCommittedThere() throws Exception {
        DemoNames names = DemoNames.DEFAULT;
        DemoLayout layout = DemoLayout.of(copyOfDemoPipeline(names), names);
        DemoActions actions = new DemoActions(layout, new DemoRepositories(), new DemoSources(names));
        actions.ensureRepositories();
        Path web = layout.repository(DemoSources.App.WEB);
        Files.writeString(web.resolve("www/index.html"), "mine\n");
        new DemoRepositories().commit(web, java.util.Map.of("www/index.html", "mine\n"), "my change");

        List<String> made = actions.ensureRepositories();

        assertThat(made).hasSize(3).allSatisfy(line -> assertThat(line).endsWith("(already there)"));
        assertThat(Files.readString(web.resolve("www/index.html"))).isEqualTo("mine\n");
    }

    private Pipeline copyOfDemoPipeline(DemoNames names) throws IOException {
        Path file = Files.createDirectories(tmp.resolve("pipelines")).resolve("demo.yml");
        Files.writeString(file, names.render(Files.readString(DEMO_PIPELINE)));
        return Pipeline.load(file);
    }

    private Revision checkout(String url, String ref) {
        try (Git git = Git.open(Path.of(url).toFile())) {
            return new Revision(Path.of(url), git.getRepository().resolve(ref).name(), ref);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
