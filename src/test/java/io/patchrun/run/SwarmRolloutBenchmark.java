package io.patchrun.run;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.BenchmarkFigures;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SingleNodeSwarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Time with nothing healthy while a patch run replaces an image's targets, sampled every 20 ms: a Swarm service
 * updated start-first (Patchrun's settings), the same service updated stop-first (its own settings), and a plain
 * container with the same health check rolled over by Patchrun. Figures are printed, not asserted.
 */
@EngineTest
@Tag("benchmark")
class SwarmRolloutBenchmark extends AppTestBase {

    private static final int ROUNDS = 3;
    private static final long SAMPLE_MILLIS = 20;
    private static final List<String> COMMAND = List.of("sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait");
    private static final String HEALTH = "test -f /www/healthy";

    private static Engine engine;
    private static SingleNodeSwarm swarm;
    private static GitRepos repo;
    private static ImageRef base;
    private static String prefix;

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
        repo = GitRepos.init(Files.createTempDirectory("patchrun-swarm-bench").resolve("app"))
                .write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo app > /www/index.html && touch /www/healthy\n");
        repo.commit("app");
    }

    @AfterAll
    static void leaveSwarm() {
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    void unavailability_startFirstService_againstStopFirstService_againstAContainerRollover() throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("swarm-bench.yml"), """
                name: swarm-bench
                pushTo: 127.0.0.1:5000/%s
                repositories:
                  - url: %s
                    images:
                      - name: %s/app
                        rollout: { stopTimeout: PT2S, healthTimeout: PT4S }
                """.formatted(prefix, repo.path(), prefix));
        pipelines.reload();
        assertThat(pipelines.find("swarm-bench")).as("pipeline errors: %s", pipelines.errors()).isPresent();
        Run first = runAndWait();
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        String image = engine.registryName("app") + ":" + first.images().get(0).tag();
        String startFirst = swarm.createService(prefix + "-start-first", image, COMMAND, HEALTH, engine.labels(), null);
        String stopFirst = swarm.createService(prefix + "-stop-first", image, COMMAND, HEALTH, engine.labels(), new UpdateConfig()
                .withOrder(UpdateOrder.STOP_FIRST).withFailureAction(UpdateFailureAction.ROLLBACK).withMonitor(4_000_000_000L).withParallelism(1L));
        startContainer(prefix + "/app:" + first.images().get(0).tag());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> swarm.healthyTasks(startFirst) == 1
                && swarm.healthyTasks(stopFirst) == 1 && healthyContainers() == 1);

        List<long[]> rounds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            engine.republish(base, String.valueOf(round + 1));
            try (SingleNodeSwarm.Sampler a = swarm.sample(startFirst, SAMPLE_MILLIS);
                 SingleNodeSwarm.Sampler b = swarm.sample(stopFirst, SAMPLE_MILLIS);
                 SingleNodeSwarm.Sampler c = new SingleNodeSwarm.Sampler("container-sampler", this::healthyContainers, SAMPLE_MILLIS)) {
                Run run = runAndWait();
                assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
                rounds.add(new long[] {a.unavailable().toMillis(), b.unavailable().toMillis(), c.unavailable().toMillis(), a.samples().size()});
            }
        }

        List<String> report = new ArrayList<>();
        report.add("Swarm rollouts: time with no healthy task (container), sampled every " + SAMPLE_MILLIS + " ms, " + ROUNDS + " patch runs");
        for (int i = 0; i < rounds.size(); i++) {
            long[] r = rounds.get(i);
            report.add("  run " + (i + 1) + ": service start-first " + r[0] + " ms, service stop-first " + r[1] + " ms, container rollover "
                    + r[2] + " ms (" + r[3] + " samples each)");
        }
        report.add("  median: start-first " + median(rounds, 0) + " ms, stop-first " + median(rounds, 1) + " ms, container " + median(rounds, 2) + " ms");
        BenchmarkFigures.printAndWrite("swarm-rollout", report);
    }

    private static long median(List<long[]> rounds, int column) {
        return BenchmarkFigures.median(rounds.stream().mapToLong(r -> r[column]).toArray());
    }

    private Run runAndWait() throws InterruptedException {
        long id = runs.start("swarm-bench", new RunRequest(List.of(), true), "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static void startContainer(String image) {
        DockerClient docker = engine.docker();
        Map<String, String> labels = new HashMap<>(engine.labels());
        labels.put("bench", "plain");
        String id = docker.createContainerCmd(image).withName(prefix + "-plain").withLabels(labels).withCmd(COMMAND)
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", HEALTH)).withInterval(300_000_000L).withRetries(2)).exec().getId();
        docker.startContainerCmd(id).exec();
    }

    /** The plain container's healthy copies: the old one until it stops, the new one once its health check passed. */
    private int healthyContainers() {
        DockerClient docker = engine.docker();
        int healthy = 0;
        Map<String, String> labels = new HashMap<>(engine.labels());
        labels.put("bench", "plain");
        for (var container : docker.listContainersCmd().withLabelFilter(labels).exec()) {
            try {
                var health = docker.inspectContainerCmd(container.getId()).exec().getState().getHealth();
                if (health != null && "healthy".equals(health.getStatus())) {
                    healthy++;
                }
            } catch (NotFoundException e) {
                // Removed between the listing and the inspect.
            }
        }
        return healthy;
    }
}
