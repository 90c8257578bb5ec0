package io.patchrun.browser;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.BaseChecks;
import io.patchrun.run.PatchRuns;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.LocalHttp;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI in a real browser against the app and the real engine: a base in the local registry, one web image
 * built from Git with a container running it. An admin logs in, rebuilds, watches the run finish live,
 * rolls the image back with the button and sees the container on the old version; a viewer is refused.
 * Each test builds on the one before; each page is saved as a screenshot under target/screenshots.
 */
@EngineTest
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiStoryTest extends AppTestBase {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    VersionHistory versions;
    @Autowired
    BaseChecks baseChecks;

    private Engine engine;
    private WebDriver driver;
    private GitRepos repo;
    private String image;
    private String container;
    private String firstVersion;
    private Screens screens;

    @BeforeAll
    void fleet(Engine realEngine, WebDriver browser) throws Exception {
        engine = realEngine;
        driver = browser;
        ImageRef base = engine.makeBase("base", "stable");
        image = engine.token() + "/web";
        repo = GitRepos.init(Files.createTempDirectory("patchrun-ui-story").resolve("web"))
                .write("Dockerfile", webDockerfile(base, "web v1"));
        repo.commit("web v1");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("ui-story.yml"), """
                name: ui-story
                schedule: "0 0 3 * * ?"
                watchEvery: PT15M
                retain: 2
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        smoke:
                          http: { port: 8080, path: /, status: 200 }
                          timeout: PT20S
                        rollout: { stopTimeout: PT1S, healthTimeout: PT15S }
                """.formatted(repo.path(), image));
        pipelines.reload();
        assertThat(pipelines.find("ui-story")).as("pipeline errors: %s", pipelines.errors()).isPresent();
        Run first = runs.await(runs.start("ui-story", new RunRequest(List.of(), true), "api", "admin"), RUN_TIMEOUT);
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        firstVersion = first.images().get(0).tag();
        container = engine.token() + "-web-1";
        startContainer();
        repo.write("Dockerfile", webDockerfile(base, "web v2")).commit("web v2");
        // Upstream publishes a fix: the watch notices, and the pipeline has an update pending.
        engine.republish(base, "2");
        assertThat(baseChecks.check("ui-story")).containsExactly(base.familiarName() + ":stable");
    }

    private static String webDockerfile(ImageRef base, String body) {
        return "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo '" + body + "' > /www/index.html\n"
                + "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n";
    }

    private void startContainer() {
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = engine.docker().createContainerCmd(image + ":latest").withName(container).withLabels(engine.labels())
                .withExposedPorts(http).withHostConfig(HostConfig.newHostConfig().withPortBindings(ports)).exec().getId();
        engine.docker().startContainerCmd(id).exec();
    }

    /** Other classes share this app: leave no pipeline behind whose images and registry are gone. */
    @AfterAll
    void removePipeline() throws Exception {
        Files.deleteIfExists(pipelinesDir().resolve("ui-story.yml"));
        pipelines.reload();
    }

    @BeforeEach
    void screens() {
        screens = new Screens(driver, port);
    }

    @Test
    @Order(1)
    void admin_logsIn_andSeesThePipelineWithItsPendingUpdateImageVersionAndRunningContainer() {
        screens.open("/login");
        screens.screenshot("login");
        screens.logIn("admin", ADMIN_PASSWORD);

        assertThat(screens.path()).isEqualTo("/");
        WebElement pipeline = screens.find("#pipeline-ui-story");
        assertThat(pipeline.getText()).contains(image).contains(firstVersion).contains(container).contains("running")
                .contains(engine.registryName("base") + ":stable").contains("update pending").contains("SUCCEEDED");
        screens.screenshot("overview");
    }

    @Test
    @Order(2)
    void rebuildNow_startsARun_andTheRunPageFollowsItLiveUntilTheContainerIsRolledOver() throws Exception {
        screens.open("/");
        screens.find("#pipeline-ui-story form.rebuild input[name=force]").click();
        screens.find("#pipeline-ui-story button.rebuild-pipeline").click();
        // The overview stays where it is and names the run it started; its link leads to the run's page.
        screens.await(Duration.ofSeconds(10), "the notice of the run started",
                d -> !d.findElements(By.cssSelector("#overview-notice .notice a")).isEmpty());
        assertThat(screens.text("#overview-notice")).contains("forced rebuild of pipeline ui-story");
        screens.submit("#overview-notice .notice a");

        assertThat(screens.path()).matches("/runs/\\d+");
        long id = Long.parseLong(screens.path().substring("/runs/".length()));
        // No reload by the test: the page follows the run by itself (htmx) and shows the end.
        screens.await(RUN_TIMEOUT, "run " + id + " to end on its page", d -> !screens.text("#run-status").matches("QUEUED|RUNNING"));

        assertThat(screens.text("#run-status")).isEqualTo("SUCCEEDED");
        String row = screens.text("#image-" + image.replace("/", "--"));
        assertThat(row).contains("DEPLOYED").contains("passed").contains(container).contains("rolled over");
        screens.open("/");
        assertThat(screens.text("#pipeline-ui-story")).as("rebuilt on the new base digest").doesNotContain("update pending");
        screens.open("/runs/" + id);
        assertThat(screens.page()).contains("asked for by admin").contains("Build logs");
        assertThat(runs.await(id, Duration.ZERO).requestedBy()).isEqualTo("admin");
        assertThat(serves()).isEqualTo("web v2\n");
        screens.screenshot("run-detail");
    }

    @Test
    @Order(3)
    void runsPage_listsRunsNewestFirst_andFiltersByPipelineAndStatus() {
        screens.open("/runs?pipeline=ui-story&status=SUCCEEDED");

        List<WebElement> rows = screens.driver().findElements(By.cssSelector("table.runs tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("ui-story").contains("SUCCEEDED").contains("ui · admin");
        assertThat(rows.get(1).getText()).contains("api · admin");
        screens.open("/runs?pipeline=ui-story&status=FAILED");
        assertThat(screens.page()).contains("No runs match this filter.");
        screens.open("/runs");
        screens.screenshot("runs");
    }

    @Test
    @Order(4)
    void rollbackButton_saysWhichContainersWillChange_andPutsThemBackOnTheOldVersion() throws Exception {
        screens.open("/images/" + image.replace("/", "--"));
        screens.submit("#version-" + firstVersion + " a.rollback");

        String confirmation = screens.text("#confirm");
        assertThat(confirmation).contains("Roll " + image + " back to " + firstVersion)
                .contains("These containers will change").contains(container);
        screens.screenshot("image-detail");
        screens.submit("#confirm-rollback");

        screens.await(RUN_TIMEOUT, "rollback to end on its page", d -> !screens.text("#run-status").matches("QUEUED|RUNNING"));
        assertThat(screens.text("#run-status")).isEqualTo("SUCCEEDED");
        assertThat(screens.page()).contains("rollback, asked for by admin");
        screens.open("/images/" + image.replace("/", "--"));
        assertThat(screens.text("#version-" + firstVersion)).contains("current").contains(container);
        ImageVersion first = versions.version(image, firstVersion).orElseThrow();
        assertThat(engine.docker().inspectContainerCmd(container).exec().getImageId()).isEqualTo(first.imageId());
        assertThat(serves()).isEqualTo("web v1\n");
    }

    @Test
    @Order(5)
    void healthPage_showsEngineRegistryGitAndScheduler() {
        screens.open("/health");

        assertThat(screens.text("#engine")).contains("answers");
        assertThat(screens.text("#git")).contains(repo.path().toString()).contains("reachable");
        assertThat(screens.text("#scheduler")).contains("running");
        assertThat(screens.text("#schedules")).contains("ui-story").contains("0 0 3 * * ?");
        screens.screenshot("health");
    }

    @Test
    @Order(6)
    void viewer_seesNoButtonsThatChangeThings_andIsRefusedWhenPostingAnyway() throws Exception {
        screens.open("/");
        screens.submit("header form.user button");
        screens.logIn("viewer", VIEWER_PASSWORD);

        assertThat(screens.page()).contains(image).doesNotContain("Rebuild now").doesNotContain("Check bases now");
        screens.open("/images/" + image.replace("/", "--"));
        assertThat(screens.driver().findElements(By.cssSelector("a.rollback"))).isEmpty();
        // What a viewer's browser could still send: a well-formed form with a valid CSRF token.
        ((JavascriptExecutor) driver).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/pipelines/ui-story/rebuild';
                const token = document.createElement('input');
                token.type = 'hidden'; token.name = '_csrf';
                token.value = document.querySelector('meta[name=_csrf]').content;
                form.appendChild(token);
                document.body.appendChild(form);
                form.submit();""");

        screens.await(Duration.ofSeconds(10), "the refusal page", d -> screens.page().contains("Not allowed"));
        assertThat(screens.page()).contains("HTTP 403").contains("User viewer may only read");
        assertThat(runs.await(latestRun(), Duration.ZERO).trigger()).as("the last run is still the admin's rollback").isEqualTo("rollback");
        screens.screenshot("viewer-refused");
    }

    private long latestRun() {
        return client.getAs("admin", ADMIN_PASSWORD, "/api/runs?pipeline=ui-story&limit=1").body().replaceAll("^\\[\\{\"id\":(\\d+).*$", "$1")
                .transform(Long::parseLong);
    }

    /** What the container answers on its published port, retried while it starts. */
    private String serves() throws Exception {
        return LocalHttp.answer(LocalHttp.publishedPort(engine.docker().inspectContainerCmd(container).exec(), 8080), Duration.ofSeconds(10));
    }
}
