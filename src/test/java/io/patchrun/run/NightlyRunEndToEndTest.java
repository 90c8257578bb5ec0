package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.BaseState;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunBase;
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
import io.patchrun.testsupport.RegistryProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The nightly run as a new user sets it up: a pipeline with a {@code schedule} and no {@code watchEvery}, so
 * nothing watches the bases between runs. Each run is started the way its trigger starts it (the Quartz job
 * of the schedule, or the API with no body), and nothing else is done first. The base is read through a
 * proxy of the local registry that counts the requests a run costs.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyRunEndToEndTest extends AppTestBase {

    private static final String PIPELINE = "nightly";

    private static Engine engine;
    private static RegistryProxy proxy;
    private static ImageRef base;
    private static String prefix;
    private static String proxiedBase;
    private static String container;

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    Scheduler scheduler;
    @Autowired
    Schedules schedules;
    @Autowired
    RunHistory runs;
    @Autowired
    PatchRuns patchRuns;
    @Autowired
    VersionHistory versions;
    @Autowired
    BaseHistory bases;

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        base = engine.makeBase("base", "stable");
        proxy = RegistryProxy.ofLocalRegistry();
        proxiedBase = proxy.address() + "/" + base.repository() + ":stable";
        Path repos = Files.createTempDirectory("patchrun-nightly");
        GitRepos.init(repos.resolve("fleet"))
                .write("platform/Dockerfile", "FROM " + proxiedBase + "\nRUN mkdir -p /www && cp /etc/patchrun-base-generation /www/generation\n")
                .write("app/Dockerfile", "FROM " + prefix + "/platform\nRUN cp /www/generation /www/index.html\n"
                        + "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n")
                .commit("fleet");
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve(PIPELINE + ".yml"), """
                name: %s
                schedule: "0 0 3 * * ?"
                repositories:
                  - url: %s
                    images:
                      - name: %s/platform
                        dockerfile: platform/Dockerfile
                      - name: %s/app
                        dockerfile: app/Dockerfile
                        rollout: { stopTimeout: PT1S, healthTimeout: PT15S }
                """.formatted(PIPELINE, repos.resolve("fleet"), prefix, prefix));
    }

    @AfterAll
    static void stop() throws Exception {
        Files.deleteIfExists(pipelinesDir().resolve(PIPELINE + ".yml"));
        proxy.close();
    }

    @Test
    @Order(1)
    void firstScheduledRun_buildsEveryImage_noneHavingAVersionYet() throws Exception {
        pipelines.reload();
        assertThat(pipelines.find(PIPELINE)).as("pipeline errors: %s", pipelines.errors()).isPresent();
        assertThat(schedules.nextRunAt(PIPELINE)).as("the nightly schedule").isPresent();
        assertThat(schedules.nextWatchAt(PIPELINE)).as("no watch between runs").isEmpty();

        Run run = scheduledRun();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.images()).extracting(RunImage::status).containsOnly(ImageStatus.BUILT);
        assertThat(image(run, "platform").baseDigest()).isEqualTo(base.digest().value());

        DockerClient docker = engine.docker();
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        container = prefix + "-app-1";
        String id = docker.createContainerCmd(prefix + "/app:latest").withName(container).withLabels(engine.labels())
                .withExposedPorts(http).withHostConfig(HostConfig.newHostConfig().withPortBindings(ports)).exec().getId();
        docker.startContainerCmd(id).exec();
        assertThat(page()).isEqualTo("1\n");
    }

    @Test
    @Order(2)
    void scheduledRun_afterANewBaseDigest_rebuildsAndRollsTheContainerOverToItsOwnVersion_withNoWatchBefore() throws Exception {
        String oldImage = inspect().getImageId();
        ImageRef republished = engine.republish(base, "2");

        Run run = scheduledRun();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(image(run, "platform").status()).isEqualTo(ImageStatus.BUILT);
        assertThat(image(run, "platform").baseDigest()).isEqualTo(republished.digest().value());
        RunImage app = image(run, "app");
        assertThat(app.status()).as(app.toString()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(app.containers()).containsExactly(container);
        String newImage = engine.docker().inspectImageCmd(prefix + "/app:" + app.tag()).exec().getId();
        ImageVersion current = versions.current(prefix + "/app").orElseThrow();
        assertThat(current.tag()).isEqualTo(app.tag());
        assertThat(current.runId()).isEqualTo(run.id());
        assertThat(current.imageId()).isEqualTo(newImage);
        InspectContainerResponse now = inspect();
        assertThat(now.getImageId()).as("the container runs this run's new version").isEqualTo(newImage).isNotEqualTo(oldImage);
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(page()).as("built on the new base").isEqualTo("2\n");
        assertThat(run.bases()).containsExactly(new RunBase(proxiedBase, republished.digest().value(), null));
        assertThat(state(proxiedBase).digest()).as("recorded as a base check would").isEqualTo(republished.digest().value());
        assertThat(bases.pending(PIPELINE)).as("dealt with").isEmpty();
    }

    @Test
    @Order(3)
    void scheduledRun_withNothingChanged_rebuildsNothing_andCostsOneHeadOfTheBase() throws Exception {
        String imageBefore = inspect().getImageId();
        int versionsBefore = versions.versions(prefix + "/app").size();
        proxy.reset();

        Run run = scheduledRun();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.images()).extracting(RunImage::status).containsOnly(ImageStatus.UNCHANGED);
        assertThat(image(run, "app").tag()).isEqualTo(versions.current(prefix + "/app").orElseThrow().tag());
        assertThat(run.message()).startsWith("nothing to rebuild");
        assertThat(proxy.count("HEAD", "/v2/" + base.repository() + "/manifests/stable")).isEqualTo(1);
        assertThat(proxy.manifestRequests("HEAD")).as("one HEAD per base reference, nothing else").isEqualTo(1);
        assertThat(proxy.manifestRequests("GET")).isZero();
        assertThat(versions.versions(prefix + "/app")).hasSize(versionsBefore);
        assertThat(inspect().getImageId()).isEqualTo(imageBefore);
    }

    @Test
    @Order(4)
    void apiRunWithoutABody_afterANewBaseDigest_rebuildsToo() throws Exception {
        ImageRef republished = engine.republish(base, "3");

        HttpResponse<String> response = client.postAs("admin", ADMIN_PASSWORD, "/api/pipelines/" + PIPELINE + "/runs");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run run = patchRuns.await(Long.parseLong(response.body().replaceAll("\\D", "")), Duration.ofMinutes(3));
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage app = image(run, "app");
        assertThat(app.status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(app.baseDigest()).isEqualTo(republished.digest().value());
        assertThat(inspect().getImageId()).isEqualTo(engine.docker().inspectImageCmd(prefix + "/app:" + app.tag()).exec().getId());
        assertThat(versions.current(prefix + "/app").orElseThrow().runId()).isEqualTo(run.id());
        assertThat(page()).isEqualTo("3\n");
    }

    /** Fires the pipeline's nightly trigger now, through Quartz, and waits for the run it starts. */
    private Run scheduledRun() throws Exception {
        long before = latestRun();
        // "patch" is the group of the patch-run jobs Schedules keeps.
        scheduler.triggerJob(JobKey.jobKey(PIPELINE, "patch"));
        long id = await().atMost(Duration.ofSeconds(30)).until(this::latestRun, latest -> latest > before);
        Run run = patchRuns.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        assertThat(run.trigger()).isEqualTo("schedule");
        return run;
    }

    private long latestRun() {
        return runs.list(PIPELINE, null, 0, 1).stream().findFirst().map(Run::id).orElse(0L);
    }

    private static RunImage image(Run run, String name) {
        return run.images().stream().filter(i -> i.name().equals(prefix + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in run " + run));
    }

    private BaseState state(String ref) {
        return bases.bases().stream().filter(b -> b.ref().equals(ref)).findFirst().orElseThrow();
    }

    private static InspectContainerResponse inspect() {
        return engine.docker().inspectContainerCmd(container).exec();
    }

    private static String page() throws Exception {
        return LocalHttp.answer(LocalHttp.publishedPort(inspect(), 8080), Duration.ofSeconds(10));
    }
}
