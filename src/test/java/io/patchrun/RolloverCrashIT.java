package io.patchrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.docker.DockerClients;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineProxy;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.PatchrunProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, killed with SIGKILL at each journaled step of a rollover in turn, and started again: every
 * container runs, on its old or its new version, under its own name, with nothing left under a temporary name, and
 * the run it was part of is FAILED with what was repaired. Then stopped with SIGTERM in the middle of a cutover: the
 * cutover is undone before the process exits, or, after a second SIGTERM or once the bound has run out, left to the
 * next start.
 *
 * <p>The process talks to the engine through {@link EngineProxy}, which holds the one engine call the step is about
 * to make: the journal has the step written down, the engine has not seen it, and that is where the process dies.
 * The fleet: one image, three containers rolled over one at a time, {@code a} and {@code b} with a health check that
 * fails while a flag file exists in their bind-mounted folder, and {@code c} started with {@code --rm}.
 */
@Tag("kill-loop")
@EngineTest
class RolloverCrashIT {

    private static final Duration REACH = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String image;
    private static String pipeline;
    private static Path home;

    @BeforeAll
    static void fleet(Engine engine, @TempDir Path tmp) throws IOException {
        home = tmp;
        ImageRef base = engine.makeBase("base", "stable");
        image = engine.token() + "/app";
        pipeline = "crash";
        GitRepos.init(tmp.resolve("repo")).write("Dockerfile", "FROM " + base.familiarName() + ":stable\n"
                + "RUN mkdir -p /www && echo app > /www/index.html\n"
                + "HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD [\"sh\", \"-c\", \"test ! -f /flags/fail\"]\n"
                + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM INT; httpd -f -p 8080 -h /www & wait\"]\n").commit("app");
        Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(tmp.resolve("pipelines/crash.yml"), """
                name: crash
                retain: 20
                parallel: { builds: 1, rollouts: 1 }
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        rollout: { stopTimeout: PT2S, healthTimeout: PT30S }
                """.formatted(tmp.resolve("repo"), image));
        for (String name : List.of("a", "b", "c")) {
            Files.createDirectories(tmp.resolve("flags/" + name));
        }
    }

    /** Every test rolls over its own containers of the one image: those of another would roll over with them. */
    @AfterEach
    void removeContainers(Engine engine) throws IOException {
        engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()
                .forEach(container -> engine.docker().removeContainerCmd(container.getId()).withForce(true).exec());
        for (String name : List.of("a", "b", "c")) {
            setFlag(name, false);
        }
    }

    /** Where the process dies: the engine call it is about to make, given the containers' ids before the run. */
    private record KillPoint(String step, boolean forward, Function<Map<String, String>, Predicate<EngineProxy.Call>> rule) {
    }

    @Test
    void killedAtEachJournaledStep_theNextStartLeavesEveryContainerOnOneVersion_underItsName(Engine engine) throws Exception {
        String a = engine.token() + "-a";
        String b = engine.token() + "-b";
        String c = engine.token() + "-c";
        List<KillPoint> points = List.of(
                new KillPoint("a: CREATE_NEW", false, ids -> create(a + "-patchrun-new-")),
                new KillPoint("a: STOP_OLD", false, ids -> call("POST", ids.get(a), "kill")),
                new KillPoint("a: KILL_OLD", false, ids -> call("POST", ids.get(a), "stop")),
                new KillPoint("a: SWAP_NAMES, before the old one is moved aside", false, ids -> call("POST", ids.get(a), "rename")),
                new KillPoint("a: SWAP_NAMES, old one aside, new one not yet named", false, ids -> renameTo(a)),
                new KillPoint("a: START_NEW", false, ids -> newContainer(engine, "POST", "start", a, ids)),
                new KillPoint("a: AWAIT_HEALTH", false, ids -> newContainer(engine, "GET", "json", a, ids)),
                new KillPoint("a: PASSED, while b begins", false, ids -> create(b + "-patchrun-new-")),
                new KillPoint("c (--rm): CREATE_STAND_IN", false, ids -> create(c + "-patchrun-old-")),
                new KillPoint("c (--rm): SWAP_NAMES, the old one removed by the engine", false, ids -> renameTo(c)),
                new KillPoint("REMOVE_OLD, every container passed", true, ids -> call("DELETE", ids.get(a), null)),
                new KillPoint("a: ROLL_BACK, as b failed", false, ids -> newContainer(engine, "POST", "stop", a, ids)));
        List<String> report = new ArrayList<>();
        long began = System.nanoTime();
        try (EngineProxy proxy = EngineProxy.start(DockerClients.describe(null))) {
            PatchrunProcess patchrun = start(proxy);
            try {
                awaitEnd(patchrun, startRun(patchrun));
                runContainers(engine, a, b, c);
                for (KillPoint point : points) {
                    Map<String, String> before = ids(engine, a, b, c);
                    String oldImage = engine.docker().inspectContainerCmd(a).exec().getImageId();
                    boolean failB = point.step().contains("ROLL_BACK");
                    setFlag("b", failB);
                    EngineProxy.Hold hold = proxy.hold(point.rule().apply(before));
                    long run = startRun(patchrun);
                    EngineProxy.Call held = awaitHold(patchrun, hold, run, point);

                    patchrun.kill();
                    hold.drop();
                    setFlag("b", false);
                    patchrun = start(proxy);

                    JsonNode repaired = run(patchrun, run);
                    String newImage = engine.docker().inspectImageCmd(image + ":" + repaired.at("/images/0/tag").asText()).exec().getId();
                    assertAtRest(engine, point, List.of(a, b, c), point.forward() ? newImage : oldImage);
                    assertThat(repaired.get("status").asText()).as(point.step()).isEqualTo("FAILED");
                    assertThat(repaired.get("message").asText()).as(point.step())
                            .startsWith("Patchrun stopped while this run was going; start it again; rollovers it left unfinished were put to rest"
                                    + " at the next start: ");
                    assertThat(repaired.at("/images/0/message").asText()).as(point.step()).contains("Patchrun stopped during the rollover of ");
                    assertThat(engine.docker().inspectContainerCmd(c).exec().getHostConfig().getAutoRemove()).isTrue();
                    report.add(point.step() + " (held " + held + "): " + repaired.at("/images/0/message").asText());
                }
            } finally {
                patchrun.close();
            }
        }
        report.forEach(System.out::println);
        System.out.printf("killed and started again at %d steps in %d s%n", points.size(), (System.nanoTime() - began) / 1_000_000_000L);
    }

    @Test
    void oneContainerOfThreeFailing_putsAllThreeBack_andTheImageIsRolledBack(Engine engine) throws Exception {
        String a = engine.token() + "-two-a";
        String b = engine.token() + "-two-b";
        String c = engine.token() + "-two-c";
        try (EngineProxy proxy = EngineProxy.start(DockerClients.describe(null))) {
            PatchrunProcess patchrun = start(proxy);
            try {
                awaitEnd(patchrun, startRun(patchrun));
                runContainers(engine, a, b, c);
                Map<String, String> before = ids(engine, a, b, c);
                String oldImage = engine.docker().inspectContainerCmd(a).exec().getImageId();
                setFlag("b", true);

                JsonNode run = awaitEnd(patchrun, startRun(patchrun));

                JsonNode record = run.at("/images/0");
                assertThat(record.get("status").asText()).isEqualTo("ROLLED_BACK");
                assertThat(record.get("message").asText()).contains(b + ": new container " + b + " is unhealthy")
                        .contains(a + ": went back to the old version with every container of " + image + ", because not all of them passed: "
                                + b + ": new container " + b + " is unhealthy");
                for (String name : List.of(a, b, c)) {
                    InspectContainerResponse now = engine.docker().inspectContainerCmd(name).exec();
                    assertThat(now.getImageId()).as(name).isEqualTo(oldImage);
                    assertThat(now.getState().getRunning()).as(name).isTrue();
                }
                assertThat(ids(engine, a, b)).isEqualTo(Map.of(a, before.get(a), b, before.get(b)));
                assertThat(engine.docker().inspectImageCmd(image + ":latest").exec().getId()).as(":latest back on the old version").isEqualTo(oldImage);
                assertThat(patchrun.getJson("/api/images/" + image.replace("/", "--") + "/versions"))
                        .contains("\"tag\":\"" + record.get("tag").asText() + "\"");
            } finally {
                setFlag("b", false);
                patchrun.close();
            }
        }
    }

    @Test
    void sigtermInTheMiddleOfACutover_undoesIt_whileASecondSigtermOrTheBoundLeavesItToTheNextStart(Engine engine) throws Exception {
        String a = engine.token() + "-stop-a";
        String b = engine.token() + "-stop-b";
        String c = engine.token() + "-stop-c";
        try (EngineProxy proxy = EngineProxy.start(DockerClients.describe(null))) {
            PatchrunProcess patchrun = start(proxy);
            awaitEnd(patchrun, startRun(patchrun));
            runContainers(engine, a, b, c);
            String oldImage = engine.docker().inspectContainerCmd(a).exec().getImageId();

            // One SIGTERM: the health gate in progress gives up, the old container is put back, then the process exits.
            EngineProxy.Hold hold = proxy.hold(newContainer(engine, "GET", "json", a, ids(engine, a, b, c)));
            long undone = startRun(patchrun);
            awaitHold(patchrun, hold, undone, null);
            patchrun.terminate();
            awaitLog(patchrun, "finish or undo their cutover first; waiting at most 1 min (patchrun.rollout.shutdown-grace)");
            hold.release();
            assertThat(patchrun.awaitExit(Duration.ofMinutes(2))).as(patchrun.tail()).isTrue();
            assertThat(patchrun.log()).contains("Every rollover under way has ended; stopping");
            assertAtRest(engine, new KillPoint("SIGTERM", false, null), List.of(a, b, c), oldImage);

            // A second SIGTERM: the process exits at once, the next start puts the rollover to rest.
            patchrun = start(proxy);
            JsonNode first = run(patchrun, undone);
            assertThat(first.get("message").asText()).isEqualTo("Patchrun stopped while this run was going; start it again");
            assertThat(first.at("/images/0/message").asText()).as(first.toString()).contains(a + ": Patchrun is stopping and new container " + a
                    + " had not passed its health gate yet, so the rollover was undone");
            hold = proxy.hold(newContainer(engine, "GET", "json", a, ids(engine, a, b, c)));
            long twice = startRun(patchrun);
            awaitHold(patchrun, hold, twice, null);
            patchrun.terminate();
            awaitLog(patchrun, "finish or undo their cutover first");
            patchrun.terminate();
            assertThat(patchrun.awaitExit(Duration.ofSeconds(30))).as(patchrun.tail()).isTrue();
            hold.drop();
            assertThat(patchrun.log()).contains("during a graceful stop: stopping at once");
            patchrun = start(proxy, "--patchrun.rollout.shutdown-grace=PT3S");
            assertThat(run(patchrun, twice).get("message").asText()).contains("rollovers it left unfinished were put to rest at the next start");
            assertAtRest(engine, new KillPoint("second SIGTERM", false, null), List.of(a, b, c), oldImage);

            // The bound runs out: the process exits without the rollover, the next start puts it to rest.
            hold = proxy.hold(newContainer(engine, "GET", "json", a, ids(engine, a, b, c)));
            long bounded = startRun(patchrun);
            awaitHold(patchrun, hold, bounded, null);
            patchrun.terminate();
            assertThat(patchrun.awaitExit(Duration.ofMinutes(1))).as(patchrun.tail()).isTrue();
            hold.drop();
            assertThat(patchrun.log()).contains("waiting at most 3 s").contains("Rollovers still under way after 3 s");
            patchrun = start(proxy);
            try {
                assertThat(run(patchrun, bounded).get("message").asText()).contains("rollovers it left unfinished were put to rest");
                assertAtRest(engine, new KillPoint("bound ran out", false, null), List.of(a, b, c), oldImage);
            } finally {
                patchrun.close();
            }
        }
    }

    private static PatchrunProcess start(EngineProxy proxy, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--patchrun.data-dir=" + home.resolve("data"), "--patchrun.pipelines-dir=" + home.resolve("pipelines"),
                "--patchrun.docker.host=" + proxy.host()));
        args.addAll(List.of(more));
        return PatchrunProcess.start(home.resolve("server"), args.toArray(String[]::new));
    }

    /** Three containers of the image's current version: a and b with their flag folders, c started with --rm. */
    private static void runContainers(Engine engine, String a, String b, String c) {
        for (String name : List.of(a, b, c)) {
            String flags = home.resolve("flags/" + name.substring(name.length() - 1)).toString();
            HostConfig host = HostConfig.newHostConfig().withBinds(new Bind(flags, new Volume("/flags"))).withAutoRemove(name.equals(c));
            String id = engine.docker().createContainerCmd(image + ":latest").withName(name).withLabels(engine.labels()).withHostConfig(host)
                    .exec().getId();
            engine.docker().startContainerCmd(id).exec();
        }
    }

    private static void setFlag(String container, boolean fail) throws IOException {
        Path flag = home.resolve("flags/" + container + "/fail");
        if (fail) {
            Files.writeString(flag, "fail");
        } else {
            Files.deleteIfExists(flag);
        }
    }

    private static long startRun(PatchrunProcess patchrun) throws IOException {
        return JSON.readTree(patchrun.postJson("/api/pipelines/" + pipeline + "/runs", "{\"force\": true}", 202)).get("id").asLong();
    }

    private static JsonNode run(PatchrunProcess patchrun, long id) throws IOException {
        return JSON.readTree(patchrun.getJson("/api/runs/" + id));
    }

    private static JsonNode awaitEnd(PatchrunProcess patchrun, long id) {
        await().atMost(REACH).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = run(patchrun, id).get("status").asText();
            return !status.equals("QUEUED") && !status.equals("RUNNING");
        });
        try {
            return run(patchrun, id);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EngineProxy.Call awaitHold(PatchrunProcess patchrun, EngineProxy.Hold hold, long run, KillPoint point) throws Exception {
        try {
            return hold.await(REACH);
        } catch (TimeoutException e) {
            throw new AssertionError("the run never reached " + (point == null ? "the cutover" : point.step()) + ": " + run(patchrun, run)
                    + "\n" + patchrun.tail(), e);
        }
    }

    private static void awaitLog(PatchrunProcess patchrun, String text) {
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> patchrun.log().contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the log never said '" + text + "':\n" + patchrun.tail(), e);
        }
    }

    /** Each container runs {@code image} under its own name, and nothing of the test is left under a temporary name. */
    private static void assertAtRest(Engine engine, KillPoint point, List<String> names, String imageId) {
        for (String name : names) {
            InspectContainerResponse now = engine.docker().inspectContainerCmd(name).exec();
            assertThat(now.getState().getRunning()).as("%s after %s", name, point.step()).isTrue();
            assertThat(now.getImageId()).as("%s after %s", name, point.step()).isEqualTo(imageId);
        }
        List<Container> leftovers = engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec().stream()
                .filter(container -> String.join(",", container.getNames()).contains("-patchrun-")).toList();
        assertThat(leftovers).as("left after %s", point.step()).isEmpty();
    }

    private static Map<String, String> ids(Engine engine, String... names) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : names) {
            ids.put(name, engine.docker().inspectContainerCmd(name).exec().getId());
        }
        return ids;
    }

    private static Predicate<EngineProxy.Call> create(String namePrefix) {
        return call -> call.method().equals("POST") && call.path().equals("/containers/create")
                && call.query().getOrDefault("name", "").startsWith(namePrefix);
    }

    /** {@code POST /containers/<id>/<action>}; {@code DELETE /containers/<id>} when {@code action} is {@code null}. */
    private static Predicate<EngineProxy.Call> call(String method, String id, String action) {
        return call -> call.method().equals(method) && call.after("containers").filter(target -> target.equals(id) || id.startsWith(target))
                .isPresent() && (action == null ? call.path().split("/").length == 3 : call.path().endsWith("/" + action));
    }

    private static Predicate<EngineProxy.Call> renameTo(String name) {
        return call -> call.method().equals("POST") && call.path().endsWith("/rename") && name.equals(call.query().get("name"));
    }

    /**
     * A call, by id, on the container that now holds {@code name} but is not the one that held it before the run: its
     * new container. The rollover names containers by id; a call by name is someone looking it up.
     */
    private static Predicate<EngineProxy.Call> newContainer(Engine engine, String method, String action, String name, Map<String, String> before) {
        return call -> {
            if (!call.method().equals(method) || !call.path().endsWith("/" + action)) {
                return false;
            }
            String target = call.after("containers").orElse("");
            if (!target.matches("[0-9a-f]{12,64}") || before.get(name).startsWith(target)) {
                return false;
            }
            try {
                InspectContainerResponse container = engine.docker().inspectContainerCmd(target).exec();
                return container.getName().equals("/" + name) && (!action.equals("json") || Boolean.TRUE.equals(container.getState().getRunning()));
            } catch (NotFoundException e) {
                return false;
            }
        };
    }
}
