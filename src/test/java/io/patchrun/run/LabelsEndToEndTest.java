package io.patchrun.run;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.SkippedContainer;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A pipeline with {@code containers: labelled} and hooks, run by the app on the real engine: only the labelled container
 * rolls over, with its hooks, and the run's record and API name the containers left alone with why.
 */
@EngineTest
class LabelsEndToEndTest extends AppTestBase {

    private static Engine engine;
    private static Path repos;
    private static String prefix;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;

    @BeforeAll
    static void repository(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        ImageRef base = engine.makeBase("base", "stable");
        repos = Files.createTempDirectory("patchrun-labels-e2e");
        GitRepos.init(repos.resolve("lab"))
                .write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo lab > /www/index.html\n"
                        + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait\"]\n")
                .commit("lab");
    }

    @AfterAll
    static void removeContainersAndVolume() {
        DockerClient docker = engine.docker();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()
                .forEach(container -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
        try {
            docker.removeVolumeCmd(prefix + "-hooks").exec();
        } catch (NotFoundException e) {
            // The test stopped before it made the volume.
        }
    }

    @Test
    void labelledPipeline_rollsOverOnlyTheLabelledContainer_withItsHooks_andRecordsTheOthersWithWhy() throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("labels-e2e.yml"), """
                name: labels-e2e
                containers: labelled
                repositories:
                  - url: %s
                    images:
                      - name: %s/lab
                        rollout: { stopTimeout: PT2S, healthTimeout: PT15S }
                        hooks:
                          preUpdate: ["sh", "-c", "echo drained >> /data/hooks"]
                          postUpdate: ["sh", "-c", "echo warmed >> /data/hooks"]
                          timeout: PT10S
                """.formatted(repos.resolve("lab"), prefix));
        pipelines.reload();
        assertThat(pipelines.find("labels-e2e")).as("pipeline errors: %s", pipelines.errors()).isPresent();
        assertThat(runAndWait().status()).isEqualTo(RunStatus.SUCCEEDED);
        String on = start("lab-on", Map.of("io.patchrun.enable", "true"));
        String off = start("lab-off", Map.of());
        String monitored = start("lab-monitored", Map.of("io.patchrun.enable", "true", "com.centurylinklabs.watchtower.monitor-only", "true"));

        Run run = runAndWait();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        RunImage image = run.images().get(0);
        assertThat(image.status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(image.containers()).containsExactly(prefix + "-lab-on");
        String labelledOnly = "not rolled over: the pipeline rolls over only containers labelled io.patchrun.enable=true (containers: labelled),"
                + " and it has neither that label nor com.centurylinklabs.watchtower.enable=true";
        String monitoredOnly = "not rolled over: it is monitored only (labelled com.centurylinklabs.watchtower.monitor-only=true), so it stays"
                + " on the image it runs; the new version is built all the same";
        assertThat(image.skipped()).extracting(SkippedContainer::container, SkippedContainer::reason).containsExactly(
                tuple(prefix + "-lab-monitored", monitoredOnly), tuple(prefix + "-lab-off", labelledOnly));
        String latest = engine.docker().inspectImageCmd(prefix + "/lab:latest").exec().getId();
        InspectContainerResponse rolled = inspect("lab-on");
        assertThat(rolled.getId()).isNotEqualTo(on);
        assertThat(rolled.getImageId()).isEqualTo(latest);
        assertThat(engine.exec(rolled.getId(), "cat", "/data/hooks")).isEqualTo("drained\nwarmed\n");
        for (Map.Entry<String, String> left : Map.of("lab-off", off, "lab-monitored", monitored).entrySet()) {
            InspectContainerResponse now = inspect(left.getKey());
            assertThat(now.getId()).as(left.getKey()).isEqualTo(left.getValue());
            assertThat(now.getImageId()).as(left.getKey()).isNotEqualTo(latest);
            assertThat(now.getState().getRunning()).as(left.getKey()).isTrue();
        }
        HttpResponse<String> api = client.getAs("viewer", VIEWER_PASSWORD, "/api/runs/" + run.id());
        assertThat(api.body()).contains("\"skipped\":[{\"container\":\"" + prefix + "-lab-monitored\",\"reason\":\"" + monitoredOnly + "\"},"
                + "{\"container\":\"" + prefix + "-lab-off\",\"reason\":\"" + labelledOnly + "\"}]");
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/runs/" + run.id()).body()).contains(prefix + "-lab-off").contains("left alone");
    }

    private Run runAndWait() throws InterruptedException {
        long id = runs.start("labels-e2e", new RunRequest(List.of(), true), "api", "admin");
        Run run = runs.await(id, Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", id).isFalse();
        return run;
    }

    private static String start(String name, Map<String, String> labels) {
        DockerClient docker = engine.docker();
        Map<String, String> all = new HashMap<>(engine.labels());
        all.putAll(labels);
        String id = docker.createContainerCmd(prefix + "/lab:latest").withName(prefix + "-" + name).withLabels(all)
                .withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(prefix + "-hooks:/data"))).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static InspectContainerResponse inspect(String name) {
        return engine.docker().inspectContainerCmd(prefix + "-" + name).exec();
    }
}
