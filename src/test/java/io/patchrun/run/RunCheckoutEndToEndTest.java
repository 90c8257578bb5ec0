package io.patchrun.run;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchrun.docker.DockerClients;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineProxy;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every run builds from a checkout of its own of the commit it planned. The engine Patchrun drives is behind
 * {@link EngineProxy}, which holds one image's build for as long as the test wants: while it is held, the test
 * moves the branch on and reads the plan, which shows the new commit; the images the run builds are still those of
 * the commit it planned. Two pipelines on one repository with different refs run at the same time, each building
 * its own ref.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PATCHRUN_ADMIN_PASSWORD=" + RunCheckoutEndToEndTest.ADMIN_PASSWORD,
        "patchrun.users[0].name=viewer",
        "patchrun.users[0].password={noop}" + RunCheckoutEndToEndTest.VIEWER_PASSWORD,
        "patchrun.users[0].role=VIEWER",
})
class RunCheckoutEndToEndTest {

    static final String ADMIN_PASSWORD = "s3cret-admin";
    static final String VIEWER_PASSWORD = "look-only";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static Engine engine;
    private static EngineProxy proxy;
    private static Path dir;
    private static String prefix;
    private static GitRepos repo;
    private static ImageRef base;
    private static ImageRef otherBase;

    @LocalServerPort
    int port;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    PatchRuns runs;

    private AppClient client;

    @BeforeAll
    static void fleet(Engine realEngine) throws IOException {
        engine = realEngine;
        proxy = EngineProxy.start(DockerClients.describe(null));
        prefix = engine.token();
        base = engine.makeBase("base", "stable");
        otherBase = engine.makeBase("other", "stable");
        dir = Files.createTempDirectory("patchrun-run-checkout");
        repo = GitRepos.init(dir.resolve("repos/fleet"))
                .write("parent/Dockerfile", "FROM " + base.familiarName() + ":stable\nLABEL release=1\nCOPY release.txt /parent-release.txt\n")
                .write("parent/release.txt", "release 1\n")
                .write("child/Dockerfile", "FROM " + prefix + "/parent\nLABEL release=1\nCOPY release.txt /child-release.txt\n")
                .write("child/release.txt", "release 1\n");
        repo.commit("Release 1");
        repo.branch("stable");
        Files.createDirectories(dir.resolve("pipelines"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("patchrun.data-dir", () -> dir.resolve("data").toString());
        properties.add("patchrun.pipelines-dir", () -> dir.resolve("pipelines").toString());
        properties.add("patchrun.docker.host", () -> proxy.host());
    }

    @AfterAll
    static void closeProxy() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void client() {
        client = new AppClient(port);
    }

    @Test
    @Order(1)
    void run_buildsTheCommitItPlanned_whileTheBranchMovesOnAndThePlanIsRead() throws Exception {
        pipeline("checkout-main", "main", "parent", "child");
        String planned = repo.head();
        EngineProxy.Hold parentBuild = proxy.hold(build(prefix + "/parent:"));

        long id = started(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/checkout-main/runs", "{\"force\": true}"));
        parentBuild.await(PATIENCE);
        Path runFolder = dir.resolve("data/checkouts/run-" + id);
        assertThat(files(runFolder)).as("the run's own checkout: the planned commit's files, nothing of Git's")
                .containsExactly("child/Dockerfile", "child/release.txt", "parent/Dockerfile", "parent/release.txt");
        String moved = repo.write("parent/Dockerfile", "FROM " + otherBase.familiarName() + ":stable\nLABEL release=2\n"
                        + "COPY release.txt /parent-release.txt\n")
                .write("parent/release.txt", "release 2\n")
                .write("child/Dockerfile", "FROM " + prefix + "/parent\nLABEL release=2\nCOPY release.txt /child-release.txt\n")
                .write("child/release.txt", "release 2\n")
                .commit("Release 2");
        HttpResponse<String> plan = client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines/checkout-main/plan");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        assertThat(plan.body()).as("the plan reads the new commit").contains(otherBase.familiarName() + ":stable")
                .doesNotContain(base.familiarName() + ":stable");
        assertThat(files(runFolder)).containsExactly("child/Dockerfile", "child/release.txt", "parent/Dockerfile", "parent/release.txt");
        assertThat(Files.readString(runFolder.resolve(only(runFolder)).resolve("child/release.txt"))).isEqualTo("release 1\n");
        parentBuild.release();

        Run run = runs.await(id, PATIENCE);

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        for (String name : List.of("parent", "child")) {
            RunImage image = image(run, name);
            assertThat(image.status()).as(image.toString()).isEqualTo(ImageStatus.BUILT);
            assertThat(image.commit()).isEqualTo(planned).isNotEqualTo(moved);
            String tagged = prefix + "/" + name + ":" + image.tag();
            assertThat(labels(tagged)).containsEntry("release", "1").containsEntry("org.opencontainers.image.revision", planned);
            assertThat(contentOf(tagged, "/" + name + "-release.txt")).isEqualTo("release 1\n");
        }
        assertThat(runFolder).as("the run's checkout is removed when it ends").doesNotExist();
        assertThat(files(dir.resolve("data/checkouts"))).isEmpty();
    }

    @Test
    @Order(2)
    void twoPipelinesOnOneRepository_withDifferentRefs_runAtOnce_eachBuildingItsOwnRef() throws Exception {
        String edgeCommit = repo.write("edge-child/Dockerfile", "FROM " + prefix + "/edge\nLABEL release=2\nCOPY release.txt /edge-child-release.txt\n")
                .write("edge-child/release.txt", "release 2\n")
                .commit("A child of the edge image");
        pipeline("checkout-edge", "main", "edge", "edge-child");
        pipeline("checkout-stable", "stable", "steady");
        EngineProxy.Hold edgeBuild = proxy.hold(build(prefix + "/edge:"));

        long edge = started(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/checkout-edge/runs", "{\"force\": true}"));
        edgeBuild.await(PATIENCE);
        long stable = started(client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/checkout-stable/runs", "{\"force\": true}"));
        Run stableRun = runs.await(stable, PATIENCE);
        assertThat(runs.await(edge, Duration.ZERO).status().active()).as("the edge build is still held").isTrue();
        edgeBuild.release();
        Run edgeRun = runs.await(edge, PATIENCE);

        assertThat(stableRun.status()).as(stableRun.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(edgeRun.status()).as(edgeRun.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage steady = image(stableRun, "steady");
        RunImage edgeImage = image(edgeRun, "edge");
        RunImage edgeChild = image(edgeRun, "edge-child");
        assertThat(edgeChild.status()).as("built after the stable run read its ref: %s", edgeChild).isEqualTo(ImageStatus.BUILT);
        assertThat(edgeImage.commit()).isEqualTo(edgeChild.commit()).isEqualTo(edgeCommit);
        assertThat(steady.commit()).isNotEqualTo(edgeCommit);
        assertThat(contentOf(prefix + "/steady:" + steady.tag(), "/parent-release.txt")).isEqualTo("release 1\n");
        assertThat(contentOf(prefix + "/edge:" + edgeImage.tag(), "/parent-release.txt")).isEqualTo("release 2\n");
        assertThat(contentOf(prefix + "/edge-child:" + edgeChild.tag(), "/edge-child-release.txt")).isEqualTo("release 2\n");
        assertThat(labels(prefix + "/steady:" + steady.tag())).containsEntry("release", "1");
        assertThat(labels(prefix + "/edge:" + edgeImage.tag())).containsEntry("release", "2");
        assertThat(labels(prefix + "/edge-child:" + edgeChild.tag())).containsEntry("release", "2");
        assertThat(files(dir.resolve("data/checkouts"))).isEmpty();
    }

    private void pipeline(String name, String ref, String... images) throws IOException {
        StringBuilder yaml = new StringBuilder("name: " + name + "\nrepositories:\n  - url: " + repo.path() + "\n    ref: " + ref
                + "\n    images:\n");
        for (String image : images) {
            String folder = image.equals("child") || image.equals("edge-child") ? image : "parent";
            yaml.append("      - { name: ").append(prefix).append('/').append(image).append(", dockerfile: ").append(folder)
                    .append("/Dockerfile }\n");
        }
        Files.writeString(dir.resolve("pipelines/" + name + ".yml"), yaml);
        pipelines.reload();
        assertThat(pipelines.find(name)).as("pipeline errors: %s", pipelines.errors()).isPresent();
    }

    /** The engine call that builds an image tagged {@code <name>:...}. */
    private static java.util.function.Predicate<EngineProxy.Call> build(String tagPrefix) {
        return call -> call.method().equals("POST") && call.path().equals("/build") && call.query().getOrDefault("t", "").startsWith(tagPrefix);
    }

    private static long started(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Long.parseLong(response.body().replaceAll("\\D", ""));
    }

    private static RunImage image(Run run, String name) {
        return run.images().stream().filter(i -> i.name().equals(prefix + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in run " + run));
    }

    private static Map<String, String> labels(String image) {
        return engine.docker().inspectImageCmd(image).exec().getConfig().getLabels();
    }

    /** A file of an image, read by running the image. */
    private static String contentOf(String image, String file) throws Exception {
        Path out = Files.createTempFile(dir, "content", ".txt");
        Process cat = new ProcessBuilder("docker", "run", "--rm", "--label", Engine.TEST_LABEL + "=" + engine.token(), image, "cat", file)
                .redirectOutput(out.toFile()).redirectErrorStream(false).start();
        assertThat(cat.waitFor()).as("docker run %s cat %s", image, file).isZero();
        return Files.readString(out);
    }

    /** The files under a run's checkout folder, relative to its one working tree; empty when there is none. */
    private static List<String> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        if (folder.getFileName().toString().startsWith("run-")) {
            Path tree = folder.resolve(only(folder));
            try (Stream<Path> paths = Files.walk(tree)) {
                return paths.filter(Files::isRegularFile).map(path -> tree.relativize(path).toString()).sorted().toList();
            }
        }
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static String only(Path folder) throws IOException {
        try (Stream<Path> trees = Files.list(folder)) {
            List<String> names = trees.map(path -> path.getFileName().toString()).toList();
            assertThat(names).as("working trees in %s", folder).hasSize(1);
            return names.get(0);
        }
    }
}
