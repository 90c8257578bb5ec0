package io.patchrun.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.RegistryProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview follows runs by itself: a run started by another client, and one started with the overview's own
 * "Rebuild now", show up there as running and then with their result, while the page is never loaded again (a
 * marker set on {@code window} would not survive a reload) and what the user set on it stays set. The pipeline's base is read through a registry proxy
 * that holds the run's digest check, so the run is certainly going while the test looks for it.
 */
@EngineTest
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveOverviewTest extends AppTestBase {

    private static final String PIPELINE = "live-overview";
    /** Longer than the overview's slowest poll, shorter than a digest check's own time limit (10 s). */
    private static final Duration SHOWS_WITHIN = Duration.ofSeconds(8);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String MARKER = "set before the run, gone on a reload";

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    PatchRuns runs;

    private WebDriver driver;
    private RegistryProxy proxy;
    private Screens screens;

    @BeforeAll
    void fleet(Engine engine, WebDriver browser) throws Exception {
        driver = browser;
        ImageRef base = engine.makeBase("base", "stable");
        proxy = RegistryProxy.ofLocalRegistry();
        Path repo = Files.createTempDirectory("patchrun-live-overview").resolve("web");
        GitRepos.init(repo).write("Dockerfile", "FROM " + proxy.address() + "/" + base.repository() + ":stable\n"
                + "RUN mkdir -p /www && echo live > /www/index.html\n").commit("web");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(PIPELINE + ".yml"), """
                name: %s
                repositories:
                  - url: %s
                    images:
                      - name: %s/web
                """.formatted(PIPELINE, repo, engine.token()));
        pipelines.reload();
        assertThat(pipelines.find(PIPELINE)).as("pipeline errors: %s", pipelines.errors()).isPresent();
        screens = new Screens(driver, port);
        screens.logIn("admin", ADMIN_PASSWORD);
    }

    /** Other classes share this app: leave no pipeline behind whose images and registry are gone. */
    @AfterAll
    void removePipeline() throws Exception {
        Files.deleteIfExists(pipelinesDir().resolve(PIPELINE + ".yml"));
        pipelines.reload();
        proxy.close();
    }

    @Test
    @Order(1)
    void runStartedByAnotherClient_appearsOnTheOpenOverviewAsRunning_andThenWithItsResult_withoutAReload() throws Exception {
        screens.open("/");
        assertThat(screens.text("#pipeline-" + PIPELINE)).contains("none yet");
        mark();
        screens.find("#force-" + PIPELINE).click();

        RegistryProxy.Hold check = proxy.holdNextManifestCheck();
        String answer = client.postAs("admin", ADMIN_PASSWORD, "/api/pipelines/" + PIPELINE + "/runs").body();
        long id = Long.parseLong(answer.replaceAll("\\D", ""));
        check.awaitHeld(Duration.ofMinutes(1));

        screens.await(SHOWS_WITHIN, "run " + id + " listed as running on the overview",
                d -> !d.findElements(By.id("running-" + id)).isEmpty());
        assertThat(screens.text("#running-" + id)).contains(PIPELINE).contains("RUNNING").contains("(api by admin)");
        assertThat(screens.text("#pipeline-" + PIPELINE + " .last-run")).contains("#" + id).contains("RUNNING");
        screens.screenshot("overview-live");
        check.release();

        Run ended = runs.await(id, RUN_TIMEOUT);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(RunStatus.SUCCEEDED);
        screens.await(SHOWS_WITHIN, "run " + id + " shown with its result",
                d -> screens.text("#pipeline-" + PIPELINE + " .last-run").contains("SUCCEEDED"));
        assertThat(driver.findElements(By.id("running-" + id))).as("no longer listed as running").isEmpty();
        assertThat(screens.text("#pipeline-" + PIPELINE)).as("its image's new version").contains(ended.images().get(0).tag());
        assertThat(marker()).as("the page was never loaded again").isEqualTo(MARKER);
        assertThat(screens.path()).isEqualTo("/");
        assertThat(screens.find("#force-" + PIPELINE).isSelected()).as("the ticked force box survived every swap").isTrue();
        screens.find("#force-" + PIPELINE).click();
    }

    @Test
    @Order(2)
    void rebuildNow_onTheOverview_staysThere_andShowsTheRunGoingAndEnding() throws Exception {
        screens.open("/");
        mark();

        RegistryProxy.Hold check = proxy.holdNextManifestCheck();
        screens.find("#pipeline-" + PIPELINE + " button.rebuild-pipeline").click();
        check.awaitHeld(Duration.ofMinutes(1));

        String notice = screens.await(SHOWS_WITHIN, "the notice of the run started",
                d -> d.findElements(By.cssSelector("#overview-notice .notice")).stream().map(e -> e.getText()).findFirst().orElse(null));
        assertThat(notice).contains("rebuild of pipeline " + PIPELINE).contains("It shows below as it goes");
        long id = Long.parseLong(screens.find("#overview-notice .notice a").getText().substring(1));
        screens.await(SHOWS_WITHIN, "run " + id + " listed as running", d -> !d.findElements(By.id("running-" + id)).isEmpty());
        assertThat(screens.text("#running-" + id)).contains("(ui by admin)");
        check.release();

        Run ended = runs.await(id, RUN_TIMEOUT);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ended.requestedBy()).isEqualTo("admin");
        screens.await(SHOWS_WITHIN, "run " + id + " shown with its result", d -> screens.text("#pipeline-" + PIPELINE + " .last-run")
                .contains("#" + id) && screens.text("#pipeline-" + PIPELINE + " .last-run").contains("SUCCEEDED"));
        assertThat(marker()).as("the page was never loaded again").isEqualTo(MARKER);
        assertThat(screens.path()).isEqualTo("/");
    }

    private void mark() {
        ((JavascriptExecutor) driver).executeScript("window.patchrunTestMarker = arguments[0];", MARKER);
    }

    private Object marker() {
        return ((JavascriptExecutor) driver).executeScript("return window.patchrunTestMarker;");
    }
}
