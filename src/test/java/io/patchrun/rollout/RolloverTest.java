package io.patchrun.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class RolloverTest {

    private static final ImageConfig V1 = new ImageConfig(List.of("GREETING=v1"), Map.of("version", "1"), Set.of("8080/tcp"), Set.of(),
            null, List.of("httpd"), null, "/www", null, null);
    private static final ImageConfig V2 = new ImageConfig(List.of("GREETING=v2"), Map.of("version", "2"), Set.of("8080/tcp"), Set.of(),
            null, List.of("httpd", "-v"), null, "/www", null, null);

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final MemoryJournal journal = new MemoryJournal(engine);
    private final Rollover rollover = new Rollover(engine, journal, clock, clock::advance);
    private final RolloutPolicy policy = RolloutPolicy.defaults();
    private FakeEngine.Box web;
    private String webShortId;

    @BeforeEach
    void runWebOnV1() {
        ImageInfo v1 = engine.image("demo/web:1", V1, Behaviour.RUNS);
        ImageConfig inspected = new ImageConfig(List.of("MODE=prod", "GREETING=v1"), Map.of("version", "1", "team", "web"), Set.of("8080/tcp"),
                Set.of(), null, List.of("httpd"), null, "/www", null, null);
        web = engine.run("web", v1, new ContainerSpec("demo/web:1", inspected, null, "bridge", List.of(), List.of(), "{}"));
        webShortId = web.id.substring(0, 12);
    }

    @Test
    void rollOver_createsNewBeforeStoppingOld_andRemovesOld_whenNewComesUp() {
        ImageInfo v2 = engine.image("demo/web:2", V2, Behaviour.RUNS);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.DEPLOYED);
        assertThat(result.oldImageId()).isEqualTo(web.imageId);
        assertThat(result.newImageId()).isEqualTo(v2.id());
        assertThat(engine.events()).containsExactly(
                "journal web",
                "create web-patchrun-new-" + webShortId,
                "signal web SIGTERM",
                "stop web",
                "rename web -> web-patchrun-old-" + webShortId,
                "rename web-patchrun-new-" + webShortId + " -> web",
                "start web",
                "remove web-patchrun-old-" + webShortId);
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.name).isEqualTo("web");
            assertThat(box.imageId).isEqualTo(v2.id());
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }

    @Test
    void rollOver_createsNewContainerWithoutTheOldImagesDefaults() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);

        rollover.rollOver("web", "demo/web:2", policy);

        ImageConfig created = engine.named("web").spec.config();
        assertThat(created.env()).containsExactly("MODE=prod");
        assertThat(created.labels()).isEqualTo(Map.of("team", "web"));
        assertThat(created.cmd()).isNull();
        assertThat(created.workingDir()).isNull();
    }

    @Test
    void rollOver_reportsOutage_fromStopUntilNewContainerStarted() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        engine.stopTakes(Duration.ofMillis(2300));

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.outage()).isEqualTo(Duration.ofMillis(2300));
        assertThat(result.message()).isEqualTo("runs demo/web:2 (image 000000000000) now; outage 2.3 s");
    }

    @Test
    void rollOver_writesRecordBeforeActing_andItsOutcomeAfter() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        RolloutRecord record = journal.records().get(0);
        assertThat(record.containerId()).isEqualTo(web.id);
        assertThat(record.containerName()).isEqualTo("web");
        assertThat(record.image()).isEqualTo("demo/web:1");
        assertThat(record.snapshot()).isEqualTo(web.spec);
        assertThat(journal.outcome(record)).isEqualTo(result);
    }

    @Test
    void rollOver_putsOldContainerBack_whenNewOneExits() {
        engine.image("demo/web:2", V2, Behaviour.EXITS);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("new container web exited with code 1 after 0 ms; last log lines: starting | boom: cannot open /data");
        assertOldRunsAgainAsWeb();
        assertThat(engine.events()).endsWith(
                "start web",
                "stop web",
                "remove web",
                "rename web-patchrun-old-" + webShortId + " -> web",
                "start web");
    }

    @Test
    void rollOver_putsOldContainerBack_whenHealthCheckReportsUnhealthy() {
        engine.image("demo/web:2", V2, Behaviour.UNHEALTHY);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("new container web is unhealthy: its HEALTHCHECK said 'check says unhealthy'");
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_putsOldContainerBack_whenHealthCheckDoesNotPassInTime() {
        engine.image("demo/web:2", V2, Behaviour.STAYS_STARTING);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy.withHealthTimeout(Duration.ofSeconds(30)));

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("health check did not pass within 30 s: new container web still reports health 'starting'"
                + " (last check: 'check says starting')");
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_putsOldContainerBack_whenReadinessCheckKeepsFailing() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        ReadinessCheck answers503 = container -> ReadinessCheck.Outcome.fail("GET http://127.0.0.1:32768/ answered HTTP 503, expected 200");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy.withHealthTimeout(Duration.ofSeconds(5)).withCheck(answers503));

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("health check did not pass within 5 s: GET http://127.0.0.1:32768/ answered HTTP 503, expected 200");
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_waitsForReadinessCheck_untilItPasses() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        int[] calls = {0};
        ReadinessCheck passesThirdTime = container -> ++calls[0] < 3 ? ReadinessCheck.Outcome.fail("not yet") : ReadinessCheck.Outcome.pass();

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy.withCheck(passesThirdTime));

        assertThat(result.status()).isEqualTo(Status.DEPLOYED);
        assertThat(calls[0]).isEqualTo(3);
    }

    @Test
    void rollOver_putsOldContainerBack_whenNewOneExitsBeforeItHasRunForTheMinimumUptime() {
        engine.image("demo/web:2", V2, Behaviour.EXITS_AFTER_HALF_A_SECOND);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy.withMinUptime(Duration.ofSeconds(1)));

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).startsWith("new container web exited with code 1");
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_stopsOldContainerWithinThePolicysStopTimeout() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);

        rollover.rollOver("web", "demo/web:2", policy.withStopTimeout(Duration.ofSeconds(3)));

        assertThat(engine.lastStopTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rollOver_leavesOldContainerUntouched_whenCreatingNewOneFails() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        engine.failOn("create", "port is already allocated");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.outage()).isZero();
        assertThat(result.message()).isEqualTo("creating the new container for web failed: create web-patchrun-new-" + webShortId
                + " failed: port is already allocated");
        assertThat(engine.events()).containsExactly("journal web", "create web-patchrun-new-" + webShortId);
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_reportsFailed_whenOldContainerCannotBeStartedAgain() {
        engine.image("demo/web:2", V2, Behaviour.EXITS);
        engine.failOn("start web", 1, "cannot allocate memory");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).startsWith("new container web exited with code 1")
                .endsWith("; putting the old container back failed: start web failed: cannot allocate memory");
    }

    @Test
    void rollOver_stillStartsOldContainer_whenNewOneCannotBeRemoved() {
        engine.image("demo/web:2", V2, Behaviour.EXITS);
        engine.failOn("remove web", "device or resource busy");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("putting the old container back failed: remove web failed: device or resource busy; "
                + "rename web-patchrun-old-" + webShortId + " -> web failed");
        assertThat(engine.events()).last().isEqualTo("start web-patchrun-old-" + webShortId);
        assertThat(engine.named("web-patchrun-old-" + webShortId).status).isEqualTo(ContainerState.Status.RUNNING);
    }

    @Test
    void rollOver_putsOldContainerBack_whenStoppingItFails() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        engine.failOn("stop web", "timeout");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("stopping old container web failed: stop web failed: timeout");
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_leavesContainerAlone_whenItAlreadyRunsTheNewImage() {
        RolloverResult result = rollover.rollOver("web", "demo/web:1", policy);

        assertThat(result.status()).isEqualTo(Status.DEPLOYED);
        assertThat(result.message()).startsWith("already runs demo/web:1");
        assertThat(engine.events()).isEmpty();
    }

    @Test
    void rollOver_fails_withoutTouchingAnything_whenNewImageIsMissing() {
        RolloverResult result = rollover.rollOver("web", "demo/web:9", policy);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).isEqualTo("cannot roll container web over to demo/web:9: no such image on the engine");
        assertThat(engine.events()).isEmpty();
    }

    @Test
    void rollOver_fails_whenContainerDoesNotExist() {
        RolloverResult result = rollover.rollOver("api", "demo/web:1", policy);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).isEqualTo("cannot roll container api over: no container api");
    }

    private void assertOldRunsAgainAsWeb() {
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.id).isEqualTo(web.id);
            assertThat(box.name).isEqualTo("web");
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }
}
