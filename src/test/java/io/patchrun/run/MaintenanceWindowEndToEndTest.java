package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.ReadyVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.schedule.Schedules;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.LocalHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A maintenance window and monitor mode against the real engine: a version built while the window is closed
 * waits READY and the container keeps its old image; a newer build replaces it; the window's opening (the
 * pipeline file given a window that is open now, which fires the window trigger) rolls the newest out in a run
 * of its own that builds nothing. A monitor pipeline builds and never touches its container. Each test builds
 * on the one before.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceWindowEndToEndTest extends AppTestBase {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private static Engine engine;
    private static Path repos;
    private static GitRepos repo;
    private static String prefix;
    private static String web;
    private static String container;
    private static String readyTag;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    VersionHistory versions;
    @Autowired
    ReadyVersions ready;
    @Autowired
    RunHistory history;
    @Autowired
    RolloutLog rolloutLog;
    @Autowired
    Schedules schedules;

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        web = prefix + "/web";
        ImageRef base = engine.makeBase("base", "stable");
        repos = Files.createTempDirectory("patchrun-window");
        repo = GitRepos.init(repos.resolve("web"))
                .write("web/Dockerfile", dockerfile(base, "web v1"))
                .write("mon/Dockerfile", dockerfile(base, "mon v1"))
                .write("base.txt", base.familiarName());
        repo.commit("web v1");
    }

    private static String dockerfile(ImageRef base, String page) {
        return "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo '" + page + "' > /www/index.html\n"
                + "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n";
    }

    /** The pipeline with {@code window} (a line of YAML, or empty); retain 0, so only what retention must keep stays. */
    private void writePipeline(String window) throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("maintenance.yml"), """
                name: maintenance
                retain: 0
                %s
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        dockerfile: web/Dockerfile
                        smoke: { http: { port: 8080 }, timeout: PT20S }
                        rollout: { stopTimeout: PT1S, healthTimeout: PT15S }
                """.formatted(window, repos.resolve("web"), web));
        pipelines.reload();
        assertThat(pipelines.find("maintenance")).as("pipeline errors: %s", pipelines.errors()).isPresent();
    }

    /** A window of every day, {@code fromNow} to {@code toNow} from now, in UTC (crossing midnight when it must). */
    private static String window(Duration fromNow, Duration toNow) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        return "window: { from: \"" + now.plus(fromNow).format(HH_MM) + "\", to: \"" + now.plus(toNow).format(HH_MM) + "\", zone: UTC }";
    }

    private Run forced(String pipeline, String image) throws InterruptedException {
        long id = runs.start(pipeline, new RunRequest(List.of(image), true), "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static RunImage only(Run run) {
        assertThat(run.images()).as(run.toString()).hasSize(1);
        return run.images().get(0);
    }

    private String imageOf(String name) {
        return engine.docker().inspectContainerCmd(name).exec().getImageId();
    }

    private String page(String name) throws Exception {
        return LocalHttp.answer(LocalHttp.publishedPort(engine.docker().inspectContainerCmd(name).exec(), 8080), Duration.ofSeconds(10));
    }

    private String startContainer(String image, String name) {
        DockerClient docker = engine.docker();
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = docker.createContainerCmd(image + ":latest").withName(name).withLabels(engine.labels()).withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports)).exec().getId();
        docker.startContainerCmd(id).exec();
        return name;
    }

    /** Commits the next page of web and builds it while the window is closed: it waits ready. */
    private String readyWhileClosed(String page, String next) throws Exception {
        writePipeline(window(Duration.ofHours(2), Duration.ofHours(3)));
        repo.write("web/Dockerfile", Files.readString(repos.resolve("web/web/Dockerfile")).replace(page, next)).commit(next);
        String tag = only(forced("maintenance", web)).tag();
        assertThat(ready.find(web)).map(ReadyVersion::tag).contains(tag);
        return tag;
    }

    @Test
    @Order(1)
    void insideAnOpenWindow_aBuildRollsOutAsAlways() throws Exception {
        writePipeline(window(Duration.ofHours(-1), Duration.ofHours(2)));

        Run run = forced("maintenance", web);

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(only(run).status()).as("no container yet").isEqualTo(ImageStatus.BUILT);
        container = startContainer(web, prefix + "-web");
        assertThat(page(container)).isEqualTo("web v1\n");
    }

    @Test
    @Order(2)
    void outsideTheWindow_thePassedVersionWaitsReady_andTheContainerKeepsItsImage() throws Exception {
        writePipeline(window(Duration.ofHours(2), Duration.ofHours(3)));
        String before = imageOf(container);
        String current = versions.current(web).orElseThrow().tag();
        repo.write("web/Dockerfile", Files.readString(repos.resolve("web/web/Dockerfile")).replace("web v1", "web v2")).commit("web v2");

        Run run = forced("maintenance", web);

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage image = only(run);
        assertThat(image.status()).isEqualTo(ImageStatus.READY);
        assertThat(image.message()).contains("ready to roll out").contains("is closed").contains("it opens").contains(container);
        assertThat(imageOf(container)).isEqualTo(before);
        assertThat(page(container)).isEqualTo("web v1\n");
        assertThat(versions.current(web)).map(ImageVersion::tag).contains(current);
        assertThat(ready.find(web)).map(ReadyVersion::tag).contains(image.tag());
        assertThat(versions.version(web, image.tag())).as("retain: 0 keeps it all the same").map(ImageVersion::pruned).contains(false);
        assertThat(rolloutLog.of(container)).as("no rollover was even begun").isEmpty();
        HttpResponse<String> overview = client.getAs("viewer", VIEWER_PASSWORD, "/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("id=\"window-maintenance\"").contains(image.tag()).contains("ready to roll out")
                .contains("window opens").doesNotContain("Roll out now");
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/actuator/prometheus").body())
                .contains("patchrun_ready_versions{pipeline=\"maintenance\"} 1");
    }

    @Test
    @Order(3)
    void aNewerBuild_replacesTheReadyVersion_andARunOfWhatChangedDoesNotBuildItAgain() throws Exception {
        String replaced = ready.find(web).orElseThrow().tag();
        repo.write("web/Dockerfile", Files.readString(repos.resolve("web/web/Dockerfile")).replace("web v2", "web v3")).commit("web v3");

        Run run = forced("maintenance", web);

        assertThat(only(run).status()).as(run.toString()).isEqualTo(ImageStatus.READY);
        readyTag = only(run).tag();
        assertThat(readyTag).isNotEqualTo(replaced);
        assertThat(ready.find(web)).map(ReadyVersion::tag).contains(readyTag);
        assertThat(versions.version(web, replaced)).as("retain: 0, neither current nor ready").map(ImageVersion::pruned).contains(true);

        long unforced = runs.start("maintenance", RunRequest.PENDING, "api", "admin");
        Run whatChanged = runs.await(unforced, Duration.ofMinutes(2));
        assertThat(whatChanged.status()).as(whatChanged.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(only(whatChanged).status()).as("built on the digests its bases have now").isEqualTo(ImageStatus.UNCHANGED);
    }

    @Test
    @Order(4)
    void theWindowsOpening_rollsTheNewestReadyVersionOut_withoutABuild() throws Exception {
        ImageVersion waiting = versions.version(web, readyTag).orElseThrow();
        int versionsBefore = versions.versions(web).size();
        long lastRun = history.list("maintenance", null, 0, 1).get(0).id();

        writePipeline(window(Duration.ofHours(-1), Duration.ofHours(2)));

        Run run = Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> history.list("maintenance", null, 0, 1).stream()
                .filter(r -> r.id() > lastRun && !r.status().active()).findFirst().map(r -> history.find(r.id()).orElseThrow()).orElse(null),
                found -> found != null);
        assertThat(run.trigger()).isEqualTo("window");
        assertThat(run.requestedBy()).isNull();
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage image = only(run);
        assertThat(image.status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(image.tag()).isEqualTo(readyTag);
        assertThat(image.buildMillis()).as("no build in this run").isNull();
        assertThat(run.bases()).as("nothing was checked to plan a build").isEmpty();
        assertThat(versions.versions(web)).as("no version was built").hasSize(versionsBefore);
        assertThat(imageOf(container)).isEqualTo(waiting.imageId());
        assertThat(page(container)).isEqualTo("web v3\n");
        assertThat(versions.current(web)).map(ImageVersion::tag).contains(readyTag);
        assertThat(ready.find(web)).isEmpty();
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/actuator/prometheus").body())
                .contains("patchrun_ready_versions{pipeline=\"maintenance\"} 0");
        assertThat(schedules.nextWindowAt("maintenance")).as("the trigger set itself to the next day's opening")
                .hasValueSatisfying(next -> assertThat(next).isAfter(java.time.Instant.now().plus(Duration.ofHours(20))));
    }

    @Test
    @Order(5)
    void rollOutNow_fromTheApi_rollsTheReadyVersionOutWhileTheWindowIsClosed() throws Exception {
        String tag = readyWhileClosed("web v3", "web v4");

        HttpResponse<String> response = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/maintenance/rollout", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run run = runs.await(Long.parseLong(response.body().replaceAll("\\D", "")), Duration.ofMinutes(2));
        assertThat(run.trigger()).isEqualTo("api");
        assertThat(run.requestedBy()).isEqualTo("admin");
        assertThat(only(run).status()).as(run.toString()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(only(run).buildMillis()).isNull();
        assertThat(page(container)).isEqualTo("web v4\n");
        HttpResponse<String> nothing = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/maintenance/rollout", "");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("nothing of pipeline maintenance is ready to roll out");
    }

    @Test
    @Order(6)
    void aWindowRemovedFromThePipeline_letsItsNextRunRollOutWhatWaited() throws Exception {
        String tag = readyWhileClosed("web v4", "web v5");
        writePipeline("");

        long id = runs.start("maintenance", RunRequest.PENDING, "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(2));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(only(run).status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(only(run).tag()).isEqualTo(tag);
        assertThat(only(run).buildMillis()).isNull();
        assertThat(run.message()).isEqualTo("1 deployed");
        assertThat(page(container)).isEqualTo("web v5\n");
        assertThat(ready.find(web)).isEmpty();
    }

    @Test
    @Order(7)
    void aManualRollback_dropsTheVersionWaitingForTheWindow() throws Exception {
        String current = versions.current(web).orElseThrow().tag();
        readyWhileClosed("web v5", "web v6");

        HttpResponse<String> response = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/images/" + prefix + "--web/rollback",
                "{\"tag\":\"" + current + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run run = runs.await(Long.parseLong(response.body().replaceAll("\\D", "")), Duration.ofMinutes(2));
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ready.find(web)).as("the next opening must not undo the rollback").isEmpty();
        assertThat(page(container)).isEqualTo("web v5\n");
    }

    @Test
    @Order(8)
    void monitorMode_buildsAndSmokeTests_butNeverTouchesTheContainer() throws Exception {
        String mon = prefix + "/mon";
        Files.writeString(pipelinesDir().resolve("monitoring.yml"), """
                name: monitoring
                mode: monitor
                retain: 0
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        dockerfile: mon/Dockerfile
                        smoke: { http: { port: 8080 }, timeout: PT20S }
                """.formatted(repos.resolve("web"), mon));
        pipelines.reload();
        assertThat(pipelines.find("monitoring")).as("pipeline errors: %s", pipelines.errors()).isPresent();
        assertThat(only(forced("monitoring", mon)).status()).isEqualTo(ImageStatus.BUILT);
        String monitored = startContainer(mon, prefix + "-mon");
        String before = imageOf(monitored);
        repo.write("mon/Dockerfile", Files.readString(repos.resolve("web/mon/Dockerfile")).replace("mon v1", "mon v2")).commit("mon v2");

        Run run = forced("monitoring", mon);

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage image = only(run);
        assertThat(image.status()).isEqualTo(ImageStatus.BUILT);
        assertThat(image.buildMillis()).isNotNull();
        assertThat(image.message()).contains("mode: monitor, so no container is rolled over").contains(monitored);
        assertThat(imageOf(monitored)).isEqualTo(before);
        assertThat(page(monitored)).isEqualTo("mon v1\n");
        assertThat(rolloutLog.of(monitored)).isEmpty();
        assertThat(versions.current(mon)).map(ImageVersion::tag).contains(image.tag());
        assertThat(ready.find(mon)).isEmpty();
    }
}
