package io.patchrun.rollout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

    @BeforeEach
    void runWebOnV1() {
        ImageInfo v1 = engine.image("demo/web:1", V1, Behaviour.RUNS);
        ImageConfig inspected = new ImageConfig(List.of("MODE=prod", "GREETING=v1"), Map.of("version", "1", "team", "web"), Set.of("8080/tcp"),
                Set.of(), null, List.of("httpd"), null, "/www", null, null);
        web = engine.run("web", v1, new ContainerSpec("demo/web:1", inspected, null, "bridge", List.of(), List.of(), "{}"));
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
                "create web-patchrun-new-" + attempt(),
                "journal web STOP_OLD",
                "signal web SIGTERM",
                "journal web KILL_OLD",
                "stop web",
                "journal web SWAP_NAMES",
                "rename web -> web-patchrun-old-" + attempt(),
                "rename web-patchrun-new-" + attempt() + " -> web",
                "journal web START_NEW",
                "start web",
                "journal web AWAIT_HEALTH",
                "journal web PASSED",
                "journal web REMOVE_OLD",
                "remove web-patchrun-old-" + attempt());
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.name).isEqualTo("web");
            assertThat(box.imageId).isEqualTo(v2.id());
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }

    @Test
    void rollOver_leavesTheContainerUntouched_andNamesTheSetting_whenASettingCannotBeCarriedOver() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        web.notCarriedOver = List.of("HostConfig.ContainerIDFile is set and Patchrun cannot carry it over: the docker CLI wrote ...",
                "HostConfig.CpuBurst is set and Patchrun cannot carry it over: it does not know this setting ...");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).isEqualTo("container web is not rolled over to demo/web:2 and is left as it is: "
                + "HostConfig.ContainerIDFile is set and Patchrun cannot carry it over: the docker CLI wrote ...; "
                + "HostConfig.CpuBurst is set and Patchrun cannot carry it over: it does not know this setting ...");
        assertThat(engine.events()).isEmpty();
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.id).isEqualTo(web.id);
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }

    @Test
    void rollOver_leavesAContainerAlreadyOnTheImage_asItIs_evenWithASettingThatCannotBeCarriedOver() {
        web.notCarriedOver = List.of("HostConfig.ContainerIDFile is set and Patchrun cannot carry it over");

        RolloverResult result = rollover.rollOver("web", "demo/web:1", policy);

        assertThat(result.status()).isEqualTo(Status.DEPLOYED);
        assertThat(result.message()).contains("left as it is");
        assertThat(engine.events()).isEmpty();
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
        assertThat(result.message()).isEqualTo("new container web exited with code 1 after 0 ms; last log lines: ⟦starting | boom: cannot open /data⟧");
        assertOldRunsAgainAsWeb();
        assertThat(engine.events()).endsWith(
                "start web",
                "journal web AWAIT_HEALTH",
                "journal web ROLL_BACK",
                "stop web",
                "remove web",
                "rename web-patchrun-old-" + attempt() + " -> web",
                "start web");
    }

    @Test
    void rollOver_putsOldContainerBack_whenHealthCheckReportsUnhealthy() {
        engine.image("demo/web:2", V2, Behaviour.UNHEALTHY);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("new container web is unhealthy: its HEALTHCHECK said ⟦check says unhealthy⟧");
        assertOldRunsAgainAsWeb();
    }

    @Test
    void rollOver_putsOldContainerBack_whenHealthCheckDoesNotPassInTime() {
        engine.image("demo/web:2", V2, Behaviour.STAYS_STARTING);

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy.withHealthTimeout(Duration.ofSeconds(30)));

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("health check did not pass within 30 s: new container web still reports health 'starting'"
                + " (last check: ⟦check says starting⟧)");
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
    void rollOver_killsOldContainer_whenItHasNotStoppedWithinThePolicysStopTimeout() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        engine.stopTakes(Duration.ofSeconds(10));

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy.withStopTimeout(Duration.ofSeconds(3)));

        assertThat(result.outage()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rollOver_leavesOldContainerUntouched_whenCreatingNewOneFails() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        engine.failOn("create", "port is already allocated");

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.outage()).isZero();
        assertThat(result.message()).isEqualTo("creating the new container for web failed: create web-patchrun-new-" + attempt()
                + " failed: port is already allocated");
        assertThat(engine.events()).containsExactly("journal web", "create web-patchrun-new-" + attempt(), "journal web ROLL_BACK");
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
                + "rename web-patchrun-old-" + attempt() + " -> web failed");
        assertThat(engine.events()).last().isEqualTo("start web-patchrun-old-" + attempt());
        assertThat(engine.named("web-patchrun-old-" + attempt()).status).isEqualTo(ContainerState.Status.RUNNING);
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

    @Test
    void rollOver_ofAContainerStartedWithRm_keepsAStoppedCopyOfIt_untilTheNewOnePassed() {
        FakeEngine.Box rm = runRm("rm");
        ImageInfo v2 = engine.image("demo/rm:2", V2, Behaviour.RUNS);

        RolloverResult result = rollover.rollOver("rm", "demo/rm:2", policy);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(engine.events()).containsSubsequence("create rm-patchrun-new-" + attempt(), "journal rm CREATE_STAND_IN",
                "create rm-patchrun-old-" + attempt(), "signal rm SIGTERM", "engine removes rm", "rename rm-patchrun-new-" + attempt() + " -> rm",
                "start rm", "journal rm REMOVE_OLD", "remove rm-patchrun-old-" + attempt());
        assertThat(engine.boxes()).filteredOn(box -> box.name.startsWith("rm")).singleElement().satisfies(box -> {
            assertThat(box.name).isEqualTo("rm");
            assertThat(box.imageId).isEqualTo(v2.id());
            assertThat(box.spec.autoRemove()).isTrue();
            assertThat(box.id).isNotEqualTo(rm.id);
        });
    }

    @Test
    void rollOver_ofAContainerStartedWithRm_putsItsCopyBack_fromTheOldVersionsTag_whenTheNewOneFails() {
        ImageInfo v1 = engine.image("demo/rm:20261101", V1, Behaviour.RUNS);
        engine.run("rm", v1, new ContainerSpec("demo/rm:latest", V1, null, "bridge", List.of(), List.of(), "{}", true));
        engine.image("demo/rm:latest", V2, Behaviour.UNHEALTHY);

        RolloverResult result = rollover.rollOver("rm", "demo/rm:latest", policy);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("new container rm is unhealthy: its HEALTHCHECK said ⟦check says unhealthy⟧ (the old container was"
                + " started with --rm and removed by the engine when it stopped; its copy runs in its place)");
        assertThat(engine.boxes()).filteredOn(box -> box.name.startsWith("rm")).singleElement().satisfies(box -> {
            assertThat(box.name).isEqualTo("rm");
            assertThat(box.imageId).isEqualTo(v1.id());
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
            assertThat(box.spec.image()).as("created from a tag that still names the old version").isEqualTo("demo/rm:20261101");
            assertThat(box.spec.autoRemove()).isTrue();
        });
    }

    @Test
    void rollOver_ofAContainerStartedWithRm_leavesItRunning_andRemovesTheCopy_whenTheNewOneCannotBeCreated() {
        FakeEngine.Box rm = runRm("rm");
        engine.image("demo/rm:2", V2, Behaviour.RUNS);
        engine.failOn("create rm-patchrun-old-", "no space left on device");

        RolloverResult result = rollover.rollOver("rm", "demo/rm:2", policy);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(engine.boxes()).filteredOn(box -> box.name.startsWith("rm")).extracting(box -> box.id, box -> box.status).containsExactly(tuple(rm.id, ContainerState.Status.RUNNING));
    }

    @Test
    void rollOver_isNotBegun_oncePatchrunIsStopping() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        rollover.underWay().stop();

        RolloverResult result = rollover.rollOver("web", "demo/web:2", policy);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(engine.events()).isEmpty();
    }

    @Test
    void rollOver_givesUpTheStopTimeout_andPutsTheOldContainerBack_whenPatchrunStopsMeanwhile() {
        engine.image("demo/web:2", V2, Behaviour.RUNS);
        engine.stopTakes(Duration.ofSeconds(60));
        RolloversUnderWay[] underWay = new RolloversUnderWay[1];
        Containers stopsWhileWaiting = (Containers) Proxy.newProxyInstance(Containers.class.getClassLoader(), new Class<?>[] {Containers.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("awaitStopped")) {
                        underWay[0].stop();
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Rollover stopping = new Rollover(stopsWhileWaiting, journal, clock, clock::advance);
        underWay[0] = stopping.underWay();

        RolloverResult result = stopping.rollOver("web", "demo/web:2", policy.withStopTimeout(Duration.ofSeconds(30)));

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("Patchrun is stopping, so the rollover was undone before its cutover");
        assertThat(clock.instant()).isBefore(java.time.Instant.parse("2026-11-23T03:00:05Z"));
        assertOldRunsAgainAsWeb();
    }

    /** The attempt of the first rollover journaled: part of its temporary container names. */
    private String attempt() {
        return journal.records().get(0).attempt();
    }

    private FakeEngine.Box runRm(String name) {
        ImageInfo v1 = engine.image("demo/" + name + ":1", V1, Behaviour.RUNS);
        return engine.run(name, v1, new ContainerSpec("demo/" + name + ":1", V1, null, "bridge", List.of(), List.of(), "{}", true));
    }

    private void assertOldRunsAgainAsWeb() {
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.id).isEqualTo(web.id);
            assertThat(box.name).isEqualTo("web");
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }
}
