package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SingleNodeSwarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Swarm service of a pipeline's image, on a single-node swarm of the real engine, through the app's patch runs: it is
 * updated start-first by digest and never without a healthy task (one that mounts the Docker socket is refused by the policy
 * gate and left alone), a version whose health check fails is rolled back by
 * Swarm and recorded so, a manual rollback two versions back puts it on the first version, and outside the pipeline's
 * maintenance window a new version waits, the service staying on its own.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmServiceEndToEndTest extends AppTestBase {

    private static final String DOCKERFILE = "FROM %s:stable\nRUN mkdir -p /www && echo %s > /www/index.html%s\n"
            + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait\"]\n";

    private static Engine engine;
    private static SingleNodeSwarm swarm;
    private static GitRepos repo;
    private static ImageRef base;
    private static String prefix;
    private static String service;
    private static String firstTag;
    /** A service of the image that mounts the Docker socket: the policy gate refuses it. */
    private static String agent;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;

    @BeforeAll
    static void swarmAndRepository(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        swarm = SingleNodeSwarm.on(engine.docker());
        base = engine.makeBase("base", "stable");
        repo = GitRepos.init(Files.createTempDirectory("patchrun-swarm-e2e").resolve("app"))
                .write("Dockerfile", DOCKERFILE.formatted(base.familiarName(), "v1", " && touch /www/healthy"));
        repo.commit("app v1");
    }

    @AfterAll
    static void leaveSwarm() {
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    @Order(1)
    void firstRun_pushesTheImage_andAServiceIsStartedOnIt() throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("swarm-e2e.yml"), """
                name: swarm-e2e
                pushTo: 127.0.0.1:5000/%s
                repositories:
                  - url: %s
                    images:
                      - name: %s/app
                        rollout: { healthTimeout: PT4S }
                """.formatted(prefix, repo.path(), prefix));
        pipelines.reload();
        assertThat(pipelines.find("swarm-e2e")).as("pipeline errors: %s", pipelines.errors()).isPresent();

        Run run = runAndWait(new RunRequest(List.of(), true));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        firstTag = run.images().get(0).tag();
        service = swarm.createService(prefix + "-app", engine.registryName("app") + ":" + firstTag,
                List.of("sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"), "test -f /www/healthy", engine.labels(), null);
        agent = swarm.createService(prefix + "-agent", engine.registryName("app") + ":" + firstTag,
                List.of("sh", "-c", "trap 'exit 0' TERM; sleep 1000 & wait"), "true", engine.labels(), null, List.of("/var/run/docker.sock"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> swarm.healthyTasks(service) == 1);
    }

    @Test
    @Order(2)
    void aNewBaseDigest_updatesTheServiceStartFirstByDigest_neverWithoutAHealthyTask() throws Exception {
        engine.republish(base, "2");
        Run run;
        List<SingleNodeSwarm.Sampler.Sample> samples;
        try (SingleNodeSwarm.Sampler sampler = swarm.sample(service, 50)) {
            run = runAndWait(new RunRequest(List.of(), false));
            samples = sampler.samples();
        }

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage image = run.images().get(0);
        assertThat(image.status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(image.containers()).containsExactly(service());
        String pinned = pinned(image.tag());
        assertThat(image.message()).contains("service " + service() + ": updated to " + pinned + " by Swarm (start-first)");
        assertThat(swarm.image(service)).isEqualTo(pinned);
        assertThat(image.message()).contains(prefix + "-agent: refused by the policy gate: docker-socket");
        assertThat(swarm.image(agent)).as("the refused service is left alone").isEqualTo(engine.registryName("app") + ":" + firstTag);
        assertThat(samples).as("samples of the service's healthy tasks during the run").hasSizeGreaterThan(20)
                .allSatisfy(sample -> assertThat(sample.healthy()).as("healthy tasks at a sample").isGreaterThanOrEqualTo(1));
        assertThat(samples).as("the new task ran beside the old one").anySatisfy(sample -> assertThat(sample.healthy()).isEqualTo(2));
    }

    @Test
    @Order(3)
    void aManualRollbackTwoVersionsBack_putsTheServiceOnTheFirstVersion() throws Exception {
        engine.republish(base, "3");
        Run second = runAndWait(new RunRequest(List.of(), false));
        assertThat(second.status()).as(second.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(swarm.image(service)).isEqualTo(pinned(second.images().get(0).tag()));

        HttpResponse<String> response = client.postJsonAs("admin", ADMIN_PASSWORD, "/api/images/" + prefix + "--app/rollback",
                "{\"tag\": \"" + firstTag + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run rollback = runs.await(Long.parseLong(response.body().replaceAll("\\D", "")), Duration.ofMinutes(2));
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rollback.images().get(0).containers()).containsExactly(service());
        assertThat(swarm.image(service)).isEqualTo(pinned(firstTag));
        assertThat(swarm.healthyTasks(service)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aVersionThatFailsItsHealthCheck_isRolledBackBySwarm_andRecordedSo() throws Exception {
        String before = swarm.image(service);
        repo.write("Dockerfile", DOCKERFILE.formatted(base.familiarName(), "v2", "")).commit("app v2 without the health file");

        Run run = runAndWait(new RunRequest(List.of(), true));

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.ROLLED_BACK);
        RunImage image = run.images().get(0);
        assertThat(image.status()).isEqualTo(ImageStatus.ROLLED_BACK);
        assertThat(image.message()).startsWith(service() + ": rolled back by Swarm: ");
        assertThat(swarm.image(service)).isEqualTo(before);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> swarm.healthyTasks(service) == 1);
    }

    @Test
    @Order(5)
    void outsideTheMaintenanceWindow_aNewVersionWaits_andTheServiceStaysOnItsVersion() throws Exception {
        String before = swarm.image(service);
        // An hour of every day half a day away from now: closed for the whole test.
        boolean morning = java.time.LocalTime.now(java.time.ZoneOffset.UTC).getHour() < 12;
        String from = morning ? "20:00" : "08:00";
        String to = morning ? "21:00" : "09:00";
        Path file = pipelinesDir().resolve("swarm-e2e.yml");
        Files.writeString(file, Files.readString(file).replace("repositories:", "window: { days: [MON, TUE, WED, THU, FRI, SAT, SUN], from: \""
                + from + "\", to: \"" + to + "\", zone: UTC }\nrepositories:"));
        pipelines.reload();
        assertThat(pipelines.find("swarm-e2e").orElseThrow().window()).as("pipeline errors: %s", pipelines.errors()).isNotNull();

        Run run = runAndWait(new RunRequest(List.of(), true));

        RunImage image = run.images().get(0);
        assertThat(image.status()).as(run.toString()).isEqualTo(ImageStatus.READY);
        assertThat(image.message()).contains(service() + " stay on their version");
        assertThat(swarm.image(service)).isEqualTo(before);
    }

    private String service() {
        return prefix + "-app";
    }

    private static String pinned(String tag) {
        return engine.registryName("app") + ":" + tag + "@" + engine.registryDigest(engine.registryName("app"), tag).value();
    }

    private Run runAndWait(RunRequest request) throws InterruptedException {
        long id = runs.start("swarm-e2e", request, "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }
}
