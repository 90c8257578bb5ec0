package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchrun.browser.BrowserTest;
import io.patchrun.browser.Chromium;
import io.patchrun.browser.Screens;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

/**
 * The newcomer's story, clicked through in headless Chromium: the demo is made at start; publishing a new
 * base digest gets the fleet rebuilt and rolled over by itself; a web version that fails its health check
 * on the live container is rolled back by itself; and "roll back" on the image page goes back a version.
 */
@EngineTest
@BrowserTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "PATCHRUN_ADMIN_PASSWORD=" + DemoBrowserStoryTest.PASSWORD)
class DemoBrowserStoryTest {

    static final String PASSWORD = "demo-story";

    private static DemoFixture fixture;
    private static WebDriver driver;
    private static long lastRun;

    @Autowired
    Demo demo;
    @Autowired
    RunHistory runs;
    @Autowired
    VersionHistory versions;
    @LocalServerPort
    int port;

    private Screens screens;

    @BeforeAll
    static void demoPipeline(Engine engine, WebDriver browser) throws Exception {
        fixture = new DemoFixture(engine);
        driver = browser;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fixture.register(registry);
    }

    @AfterAll
    static void removeTheDemo() throws Exception {
        fixture.removeAll();
    }

    @BeforeEach
    void screens() {
        screens = new Screens(driver, port);
    }

    @Test
    @Order(1)
    void overview_showsTheDemoItMadeAtStart_withItsActions() throws Exception {
        DemoFixture.await("the demo fleet to be made", demo::status, s -> s.lastAction().startsWith("The demo fleet is ready"));
        screens.logIn("admin", PASSWORD);

        screens.open("/");

        assertThat(screens.text("#demo")).contains("Demo fleet").contains("Publish a new base digest")
                .contains("Make the next web version fail its health check");
        assertThat(screens.text("#pipeline-demo")).contains(fixture.names.web()).contains(fixture.names.webContainer()).contains("running");
        assertThat(DemoFixture.page(fixture.webPort)).contains("base release <strong>1 (published");
        lastRun = latestRunId();
        screens.screenshot("demo-overview");
    }

    @Test
    @Order(2)
    void publishingANewBase_getsTheFleetRebuiltAndRolledOverByItself() throws Exception {
        screens.open("/");
        screens.find("#demo-publish-base").click();

        Run run = awaitNextRun();

        assertThat(run.trigger()).isEqualTo("base-change");
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.images()).extracting(RunImage::status).containsOnly(ImageStatus.BUILT, ImageStatus.DEPLOYED);
        screens.open("/runs/" + run.id());
        assertThat(screens.text("#run-status")).isEqualTo("SUCCEEDED");
        assertThat(screens.page()).contains(fixture.names.webContainer()).contains("DEPLOYED");
        assertThat(DemoFixture.page(fixture.webPort)).contains("base release <strong>2 (published");
        screens.screenshot("demo-run");
    }

    @Test
    @Order(3)
    void aWebVersionThatFailsOnTheLiveContainer_isRolledBackByItself() throws Exception {
        String servedBefore = DemoFixture.page(fixture.webPort);
        screens.open("/");
        screens.find("#demo-break-next").click();
        screens.await(Duration.ofSeconds(10), "the fix-next button", d -> !d.findElements(org.openqa.selenium.By.id("demo-fix-next")).isEmpty());
        screens.find("#demo-publish-base").click();

        Run run = awaitNextRun();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.PARTIAL);
        RunImage web = run.images().stream().filter(i -> i.name().equals(fixture.names.web())).findFirst().orElseThrow();
        assertThat(web.status()).isEqualTo(ImageStatus.ROLLED_BACK);
        assertThat(web.message()).contains(fixture.names.webContainer());
        assertThat(DemoFixture.page(fixture.webPort)).as("demo-web still serves the version before").isEqualTo(servedBefore);
        screens.open("/runs/" + run.id());
        assertThat(screens.text("#run-status")).isEqualTo("PARTIAL");
        assertThat(screens.page()).contains("ROLLED_BACK");
        screens.screenshot("demo-rolled-back");
        screens.open("/");
        screens.find("#demo-fix-next").click();
        // Its answer is a redirect to the overview; opening another page before it came could land there instead.
        screens.await(Duration.ofSeconds(10), "the break-next button", d -> !d.findElements(org.openqa.selenium.By.id("demo-break-next")).isEmpty());
    }

    @Test
    @Order(4)
    void rollBackButton_putsDemoWebOnThePreviousVersion() throws Exception {
        ImageVersion current = versions.current(fixture.names.web()).orElseThrow();
        ImageVersion previous = versions.versions(fixture.names.web()).stream()
                .filter(v -> !v.current() && !v.pruned() && v.builtAt().isBefore(current.builtAt())).findFirst().orElseThrow();
        screens.open("/images/" + fixture.names.web().replace("/", "--"));
        screens.submit("#version-" + previous.tag() + " a.rollback");
        assertThat(screens.text("#confirm")).contains(fixture.names.webContainer());
        screens.submit("#confirm-rollback");

        screens.await(DemoFixture.PATIENCE, "the rollback to end on its page", d -> !screens.text("#run-status").matches("QUEUED|RUNNING"));

        assertThat(screens.text("#run-status")).isEqualTo("SUCCEEDED");
        assertThat(fixture.engine.docker().inspectContainerCmd(fixture.names.webContainer()).exec().getImageId()).isEqualTo(previous.imageId());
        assertThat(DemoFixture.page(fixture.webPort)).contains("base release <strong>1 (published");
    }

    private Run awaitNextRun() throws InterruptedException {
        long after = lastRun;
        Run ended = DemoFixture.await("a new run of the demo to end", () -> runs.list(DemoLayout.PIPELINE, null, 0, 1).stream()
                .filter(r -> r.id() > after).findFirst().orElse(null), r -> r != null && !r.status().active());
        lastRun = ended.id();
        return runs.find(ended.id()).orElseThrow();
    }

    private long latestRunId() {
        return runs.list(DemoLayout.PIPELINE, null, 0, 1).stream().findFirst().map(Run::id).orElse(0L);
    }
}
