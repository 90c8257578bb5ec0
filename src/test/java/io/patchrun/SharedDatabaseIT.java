package io.patchrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.patchrun.docker.DockerClients;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineProxy;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.PackagedJar;
import io.patchrun.testsupport.PatchrunProcess;
import io.patchrun.testsupport.Postgres;

/**
 * Two packaged jars as processes of their own, each with its own folder, data folder and port, sharing one PostgreSQL
 * database (Debian's server, started for this class) under the {@code postgres} profile: a scheduled run fires on one
 * of them only; a run going on one is refused on the other with 409, naming the instance; when the one running it is
 * killed mid-rollover, the other puts its run and rollover to rest once the lease expired and runs the pipeline again;
 * and {@code run --once} from cron is refused while that run holds the lease.
 */
@EngineTest
class SharedDatabaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REACH = Duration.ofMinutes(3);
    private static final Pattern INSTANCE = Pattern.compile("Instance (\\S+): run leases last");

    @Test
    void twoInstances_shareTheSchedule_refuseEachOthersRuns_andTakeOverARunWhoseInstanceDied(Engine engine, @TempDir Path tmp) throws Exception {
        ImageRef base = engine.makeBase("shared-base", "stable");
        GitRepos.init(tmp.resolve("repo")).write("Dockerfile", "FROM " + base.familiarName() + ":stable\n"
                + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]\n").commit("app");
        String image = engine.token() + "/shared-app";
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        try (Postgres postgres = Postgres.start(); EngineProxy proxy = EngineProxy.start(DockerClients.describe(null))) {
            JdbcClient database = JdbcClient.create(postgres.dataSource());
            PatchrunProcess a = null;
            PatchrunProcess b = null;
            try {
                CompletableFuture<PatchrunProcess> startingA = start(tmp.resolve("a"), postgres, proxy, pipelines);
                CompletableFuture<PatchrunProcess> startingB = start(tmp.resolve("b"), postgres, proxy, pipelines);
                a = startingA.get(5, TimeUnit.MINUTES);
                b = startingB.get(5, TimeUnit.MINUTES);
                String instanceA = instance(a);
                String instanceB = instance(b);
                assertThat(instanceA).isNotEqualTo(instanceB);

                // One fire time, soon: both instances read the file and schedule it; Quartz, clustered, fires it on one.
                ZonedDateTime at = ZonedDateTime.now().plusSeconds(25);
                Files.writeString(pipelines.resolve("shared.yml"), pipeline(tmp.resolve("repo"), image, "schedule: \"%d %d %d %d %d ? %d\"\n"
                        .formatted(at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(), at.getMonthValue(), at.getYear())));
                JsonNode scheduled = awaitRun(a, "shared", run -> run.get("trigger").asText().equals("schedule"));
                assertThat(awaitEnd(a, scheduled.get("id").asLong()).get("status").asText()).isEqualTo("SUCCEEDED");
                await().atMost(REACH).pollInterval(Duration.ofMillis(500)).until(() ->
                        database.sql("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS").query(Integer.class).single() == 0
                                && database.sql("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'shared' AND NEXT_FIRE_TIME IS NOT NULL")
                                .query(Integer.class).single() == 0);
                assertThat(database.sql("SELECT COUNT(*) FROM PATCHRUN_RUN WHERE PIPELINE = 'shared' AND TRIGGER_KIND = 'schedule'")
                        .query(Integer.class).single()).as("runs of the one fire time").isEqualTo(1);
                assertThat(a.log() + b.log()).as("no second fire, refused or not").doesNotContain("The schedule run of pipeline shared was not started");
                // The fire time is past: without the schedule, the file stays one that instances (and cron's run --once) read as it is.
                Files.writeString(pipelines.resolve("shared.yml"), pipeline(tmp.resolve("repo"), image, ""));

                // A run on A, held just before it creates the new container: B refuses another, naming A.
                String container = engine.token() + "-shared-app";
                // No network: the test needs none, and the engine's bridge is shared with every other test on the machine.
                String oldId = engine.docker().createContainerCmd(image + ":latest").withName(container).withLabels(engine.labels())
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
                engine.docker().startContainerCmd(oldId).exec();
                String oldImage = engine.docker().inspectContainerCmd(container).exec().getImageId();
                EngineProxy.Hold held = proxy.hold(create(container + "-patchrun-new-"));
                long onA = startRun(a, 202);
                awaitHold(a, held, onA);
                var refused = b.client().postJsonAs("admin", PatchrunProcess.ADMIN_PASSWORD, "/api/pipelines/shared/runs", "{\"force\": true}");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
                assertThat(refused.body()).contains("run " + onA + " of pipeline shared is still going on instance " + instanceA);

                // A dies mid-rollover; once its lease expired, B puts its rollover and run to rest.
                a.kill();
                held.drop();
                JsonNode interrupted = awaitEnd(b, onA);
                assertThat(interrupted.get("status").asText()).isEqualTo("FAILED");
                assertThat(interrupted.get("message").asText()).as(interrupted.toString()).contains("rollovers it left unfinished were put to rest");
                InspectContainerResponse atRest = engine.docker().inspectContainerCmd(container).exec();
                assertThat(atRest.getState().getRunning()).as("the container runs again").isTrue();
                assertThat(atRest.getImageId()).isEqualTo(oldImage);
                assertThat(b.log()).contains("left unfinished by an instance whose lease expired were put to rest");

                // B runs the pipeline again; while it holds the lease, run --once from cron is refused.
                EngineProxy.Hold heldOnB = proxy.hold(create(container + "-patchrun-new-"));
                long onB = startRun(b, 202);
                awaitHold(b, heldOnB, onB);
                String cron = runOnce(tmp.resolve("cron"), postgres, pipelines.resolve("shared.yml"), 1);
                assertThat(cron).contains("refused: run " + onB + " of pipeline shared is still going on instance " + instanceB);
                heldOnB.release();
                JsonNode again = awaitEnd(b, onB);
                assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("SUCCEEDED");
                InspectContainerResponse now = engine.docker().inspectContainerCmd(container).exec();
                assertThat(now.getState().getRunning()).isTrue();
                assertThat(now.getConfig().getImage()).isEqualTo(image + ":" + again.at("/images/0/tag").asText());
            } finally {
                if (a != null) {
                    a.close();
                }
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    private static String pipeline(Path repo, String image, String schedule) {
        return """
                name: shared
                %srepositories:
                  - url: %s
                    images:
                      - name: %s
                        rollout: { stopTimeout: PT1S, healthTimeout: PT20S }
                """.formatted(schedule, repo, image);
    }

    private static CompletableFuture<PatchrunProcess> start(Path folder, Postgres postgres, EngineProxy proxy, Path pipelines) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=postgres", "--patchrun.data-dir=" + folder.resolve("data"),
                "--patchrun.pipelines-dir=" + pipelines, "--patchrun.docker.host=" + proxy.host(),
                "--patchrun.lease.duration=PT6S", "--patchrun.lease.heartbeat=PT1S",
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=2000"));
        args.addAll(postgres.patchrunArgs());
        return CompletableFuture.supplyAsync(() -> {
            try {
                return PatchrunProcess.start(folder.resolve("server"), args.toArray(String[]::new));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The instance id the process logged at start. */
    private static String instance(PatchrunProcess patchrun) {
        Matcher matcher = INSTANCE.matcher(patchrun.log());
        assertThat(matcher.find()).as(patchrun.tail()).isTrue();
        return matcher.group(1);
    }

    /** {@code run --once} of the jar, with the shared database, in a folder of its own; its output, after checking its exit code. */
    private static String runOnce(Path folder, Postgres postgres, Path file, int exitCode) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path log = folder.resolve("run.log");
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--once", "--spring.profiles.active=postgres",
                "--patchrun.data-dir=" + folder.resolve("data")));
        args.addAll(postgres.patchrunArgs());
        Process process = PackagedJar.start(folder, log, PatchrunProcess.ADMIN_PASSWORD, args.toArray(String[]::new));
        boolean exited = process.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as("still running after 3 minutes:\n%s", output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(exitCode);
        return output;
    }

    private static long startRun(PatchrunProcess patchrun, int status) throws IOException {
        return JSON.readTree(patchrun.postJson("/api/pipelines/shared/runs", "{\"force\": true}", status)).get("id").asLong();
    }

    private static JsonNode awaitRun(PatchrunProcess patchrun, String pipeline, Predicate<JsonNode> which) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(REACH).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode run : JSON.readTree(patchrun.getJson("/api/runs?pipeline=" + pipeline))) {
                if (which.test(run)) {
                    found[0] = run;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static JsonNode awaitEnd(PatchrunProcess patchrun, long id) throws IOException {
        await().atMost(REACH).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = JSON.readTree(patchrun.getJson("/api/runs/" + id)).get("status").asText();
            return !status.equals("QUEUED") && !status.equals("RUNNING");
        });
        return JSON.readTree(patchrun.getJson("/api/runs/" + id));
    }

    private static void awaitHold(PatchrunProcess patchrun, EngineProxy.Hold hold, long run) throws Exception {
        try {
            hold.await(REACH);
        } catch (TimeoutException e) {
            throw new AssertionError("run " + run + " never reached the rollover: " + patchrun.getJson("/api/runs/" + run) + "\n" + patchrun.tail(), e);
        }
    }

    private static Predicate<EngineProxy.Call> create(String namePrefix) {
        return call -> call.method().equals("POST") && call.path().equals("/containers/create")
                && call.query().getOrDefault("name", "").startsWith(namePrefix);
    }
}
