package io.patchrun.rollout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class ContainerRolloutsTest {

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final MemoryJournal journal = new MemoryJournal(engine);
    private final Rollover rollover = new Rollover(engine, journal, clock, clock::advance);
    private final ContainerRollouts fleet = new ContainerRollouts(engine, rollover, Runnable::run);

    @Test
    void rollOut_stopsDependentFirst_andStartsItsDependencyFirst() {
        runOnV1("db", Map.of());
        runOnV1("web", Map.of(ContainerLabels.DEPENDS_ON, "db"));
        nextVersions(Behaviour.RUNS, "db", "web");

        List<RolloverResult> results = fleet.rollOut(targets("db", "web"));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple("db", Status.DEPLOYED), tuple("web", Status.DEPLOYED));
        assertThat(engine.events().stream().filter(e -> e.startsWith("stop") || e.startsWith("start") || e.startsWith("create")))
                .containsExactly("create db-patchrun-new-" + attempt("db"), "create web-patchrun-new-" + attempt("web"),
                        "stop web", "stop db", "start db", "start web");
    }

    @Test
    void rollOut_putsWholeGroupBack_whenDependencyFails() {
        FakeEngine.Box db = runOnV1("db", Map.of());
        FakeEngine.Box web = runOnV1("web", Map.of(ContainerLabels.DEPENDS_ON, "db"));
        engine.image("demo/db:2", ImageConfig.empty(), Behaviour.EXITS);
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);

        List<RolloverResult> results = fleet.rollOut(targets("db", "web"));

        assertThat(results).extracting(RolloverResult::status).containsExactly(Status.ROLLED_BACK, Status.ROLLED_BACK);
        assertThat(results.get(0).message()).startsWith("new container db exited with code 1");
        assertThat(results.get(1).message()).startsWith("rolled back together with db, which it depends on or which depends on it: "
                + "new container db exited");
        assertThat(engine.boxes()).extracting(box -> box.id, box -> box.name, box -> box.status)
                .containsExactlyInAnyOrder(tuple(db.id, "db", ContainerState.Status.RUNNING), tuple(web.id, "web", ContainerState.Status.RUNNING));
        assertThat(engine.events()).filteredOn(e -> e.startsWith("start")).endsWith("start db", "start web");
    }

    @Test
    void rollOut_holdsBackEveryContainerOfAnImage_whenOneHasASettingThatCannotBeCarriedOver_andRollsOtherImagesOver() {
        ImageInfo v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
        runWeb("web-1", v1, List.of());
        runWeb("web-2", v1, List.of()).notCarriedOver = List.of("HostConfig.ContainerIDFile is set and Patchrun cannot carry it over");
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);
        runOnV1("api", Map.of());
        nextVersions(Behaviour.RUNS, "api");

        List<RolloverResult> results = fleet.rollOut(targets("api", "web"));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple("api", Status.DEPLOYED), tuple("web-1", Status.FAILED), tuple("web-2", Status.FAILED));
        assertThat(results.get(2).message()).isEqualTo("container web-2 is not rolled over to demo/web:2 and is left as it is: "
                + "HostConfig.ContainerIDFile is set and Patchrun cannot carry it over");
        assertThat(results.get(1).message()).isEqualTo("not rolled over: the containers of demo/web roll over together, and one of them"
                + " cannot: container web-2 is not rolled over to demo/web:2 and is left as it is: "
                + "HostConfig.ContainerIDFile is set and Patchrun cannot carry it over");
        assertThat(engine.events()).noneMatch(event -> event.contains("web"));
    }

    @Test
    void rollOut_recordsOneContainersFailure_andRollsTheOthersOver() {
        runOnV1("batch", Map.of());
        runOnV1("web", Map.of());
        engine.image("demo/batch:2", ImageConfig.empty(), Behaviour.UNHEALTHY);
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);

        List<RolloverResult> results = fleet.rollOut(targets("batch", "web"));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple("batch", Status.ROLLED_BACK), tuple("web", Status.DEPLOYED));
    }

    @Test
    void rollOut_reportsCycle_andRollsTheOthersOver() {
        runOnV1("a", Map.of(ContainerLabels.DEPENDS_ON, "b"));
        runOnV1("b", Map.of(ContainerLabels.DEPENDS_ON, "a"));
        runOnV1("c", Map.of());
        nextVersions(Behaviour.RUNS, "a", "b", "c");

        List<RolloverResult> results = fleet.rollOut(targets("a", "b", "c"));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple("a", Status.FAILED, "not rolled over: its dependencies form a cycle: a -> b -> a"),
                tuple("b", Status.FAILED, "not rolled over: its dependencies form a cycle: a -> b -> a"),
                tuple("c", Status.DEPLOYED, "runs demo/c:2 (image 000000000000) now; outage 0 ms"));
    }

    @Test
    void rollOut_pointsDependentAtTheNewContainer_whoseNetworkStackItShares() {
        FakeEngine.Box db = runOnV1("db", Map.of());
        ImageInfo proxyV1 = engine.image("demo/proxy:1", ImageConfig.empty(), Behaviour.RUNS);
        engine.run("proxy", proxyV1, new ContainerSpec("demo/proxy:1", ImageConfig.empty(), null, "container:" + db.id, List.of(), List.of(), "{}"));
        nextVersions(Behaviour.RUNS, "db", "proxy");

        fleet.rollOut(targets("db", "proxy"));

        assertThat(engine.named("proxy").spec.networkMode()).isEqualTo("container:" + engine.named("db").id);
        assertThat(engine.named("db").id).isNotEqualTo(db.id);
    }

    @Test
    void rollOut_rollsIndependentContainersOverInParallel_upToTheBound() throws Exception {
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        names.forEach(name -> runOnV1(name, Map.of()));
        nextVersions(Behaviour.RUNS, names.toArray(String[]::new));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        ReadinessCheck meetInPairs = container -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                pairs.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                return ReadinessCheck.Outcome.fail("no second rollover ran alongside: " + e);
            } finally {
                inside.decrementAndGet();
            }
            return ReadinessCheck.Outcome.pass();
        };
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<RolloutTarget> targets = names.stream()
                    .map(name -> new RolloutTarget(ImageRef.parse("demo/" + name), "demo/" + name + ":2", RolloutPolicy.defaults().withCheck(meetInPairs)))
                    .toList();

            List<RolloverResult> results = new ContainerRollouts(engine, rollover, pool).rollOut(targets, 2);

            assertThat(results).extracting(RolloverResult::status).containsOnly(Status.DEPLOYED);
            assertThat(most.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rollOut_cutsOverOneContainerAtATime_afterTheirStopTimeoutsRanTogether() throws Exception {
        List<String> names = List.of("a", "b");
        names.forEach(name -> runOnV1(name, Map.of()));
        nextVersions(Behaviour.RUNS, "a", "b");
        CyclicBarrier bothWaited = new CyclicBarrier(2);
        Set<Thread> waitedTogether = ConcurrentHashMap.newKeySet();
        AtomicBoolean firstStop = new AtomicBoolean(true);
        List<String> cutovers = Collections.synchronizedList(new ArrayList<>());
        Containers watched = (Containers) Proxy.newProxyInstance(Containers.class.getClassLoader(), new Class<?>[] {Containers.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("awaitStopped")) {
                        bothWaited.await(10, TimeUnit.SECONDS);
                        waitedTogether.add(Thread.currentThread());
                    }
                    if (method.getName().equals("stop") || method.getName().equals("start")) {
                        cutovers.add(method.getName());
                        if (method.getName().equals("stop") && firstStop.getAndSet(false)) {
                            // The first cutover goes on only once the other rollover waits for its turn (or, one cutover
                            // at a time broken, has come in with its own stop).
                            await().until(() -> cutovers.size() > 1 || waitedTogether.stream()
                                    .anyMatch(other -> other != Thread.currentThread() && other.getState() == Thread.State.WAITING));
                        }
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            Rollover slowEngine = new Rollover(watched, new MemoryJournal(engine), clock, clock::advance);

            List<RolloverResult> results = new ContainerRollouts(watched, slowEngine, pool).rollOut(targets("a", "b"), 2);

            assertThat(results).extracting(RolloverResult::status).containsOnly(Status.DEPLOYED);
            assertThat(cutovers).containsExactly("stop", "start", "stop", "start");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rollOut_putsEveryContainerOfAnImageBack_whenOneOfThemFails_andSaysWhichAndWhy() {
        ImageInfo v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.UNHEALTHY_WITH_FAIL_SET);
        List<FakeEngine.Box> before = List.of(runWeb("web-1", v1, List.of()), runWeb("web-2", v1, List.of("FAIL=1")), runWeb("web-3", v1, List.of()));

        List<RolloverResult> results = fleet.rollOut(List.of(new RolloutTarget(ImageRef.parse("demo/web"), "demo/web:2", RolloutPolicy.defaults())));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status).containsExactly(
                tuple("web-1", Status.ROLLED_BACK), tuple("web-2", Status.ROLLED_BACK), tuple("web-3", Status.ROLLED_BACK));
        assertThat(results.get(1).message()).isEqualTo("new container web-2 is unhealthy: its HEALTHCHECK said ⟦check says unhealthy⟧");
        assertThat(results.get(0).message()).isEqualTo("went back to the old version with every container of demo/web, because not all of"
                + " them passed: web-2: new container web-2 is unhealthy: its HEALTHCHECK said ⟦check says unhealthy⟧");
        assertThat(engine.boxes()).extracting(box -> box.id, box -> box.name, box -> box.imageId, box -> box.status)
                .containsExactlyInAnyOrderElementsOf(before.stream().map(box -> tuple(box.id, box.name, v1.id(), ContainerState.Status.RUNNING)).toList());
        assertThat(journal.unfinished()).isEmpty();
    }

    @Test
    void rollOut_removesTheOldContainersOfAnImage_onlyOnceAllOfItsContainersPassed() {
        ImageInfo v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        runWeb("web-1", v1, List.of());
        runWeb("web-2", v1, List.of());

        List<RolloverResult> results = fleet.rollOut(List.of(new RolloutTarget(ImageRef.parse("demo/web"), "demo/web:2", RolloutPolicy.defaults())));

        assertThat(results).extracting(RolloverResult::status).containsOnly(Status.DEPLOYED);
        List<String> events = engine.events();
        assertThat(events.indexOf("journal web-2 PASSED")).isLessThan(events.indexOf("journal web-1 REMOVE_OLD"));
        assertThat(events.indexOf("journal web-2 REMOVE_OLD")).isLessThan(events.indexOf("remove web-1-patchrun-old-" + attempt("web-1")));
        assertThat(engine.boxes()).extracting(box -> box.name, box -> box.imageId)
                .containsExactlyInAnyOrder(tuple("web-1", v2.id()), tuple("web-2", v2.id()));
    }

    @Test
    void rollOut_touchesNothing_oncePatchrunIsStopping() {
        runOnV1("web", Map.of());
        nextVersions(Behaviour.RUNS, "web");
        rollover.underWay().stop();

        List<RolloverResult> results = fleet.rollOut(targets("web"));

        assertThat(results).extracting(RolloverResult::status, RolloverResult::message)
                .containsExactly(tuple(Status.FAILED, "not rolled over: Patchrun is stopping, so the rollover was undone before its cutover"));
        assertThat(engine.events()).isEmpty();
    }

    @Test
    void rollOut_undoesTheCutoverInProgress_andPutsTheImageBack_whenPatchrunStops() {
        ImageInfo v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);
        runWeb("web-1", v1, List.of());
        runWeb("web-2", v1, List.of());
        AtomicInteger checks = new AtomicInteger();
        ReadinessCheck stopsDuringTheSecond = container -> {
            if (container.name().equals("web-2") && checks.incrementAndGet() == 2) {
                rollover.underWay().stop();
            }
            return container.name().equals("web-2") ? ReadinessCheck.Outcome.fail("not ready yet") : ReadinessCheck.Outcome.pass();
        };

        List<RolloverResult> results = new ContainerRollouts(engine, rollover, Runnable::run).rollOut(List.of(new RolloutTarget(
                ImageRef.parse("demo/web"), "demo/web:2", RolloutPolicy.defaults().withCheck(stopsDuringTheSecond))), 1);

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple("web-1", Status.ROLLED_BACK), tuple("web-2", Status.ROLLED_BACK));
        assertThat(results.get(1).message()).isEqualTo("Patchrun is stopping and new container web-2 had not passed its health gate yet,"
                + " so the rollover was undone");
        assertThat(engine.boxes()).extracting(box -> box.name, box -> box.imageId, box -> box.status).containsExactlyInAnyOrder(
                tuple("web-1", v1.id(), ContainerState.Status.RUNNING), tuple("web-2", v1.id(), ContainerState.Status.RUNNING));
        assertThat(rollover.underWay().count()).isZero();
    }

    @Test
    void rollOut_refusesTheSameImageTwice() {
        assertThatThrownBy(() -> fleet.rollOut(targets("web", "web")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image demo/web is given twice for one rollout");
    }

    private FakeEngine.Box runOnV1(String name, Map<String, String> labels) {
        ImageInfo v1 = engine.image("demo/" + name + ":1", ImageConfig.empty(), Behaviour.RUNS);
        ImageConfig config = new ImageConfig(null, labels, null, null, null, null, null, null, null, null);
        return engine.run(name, v1, new ContainerSpec("demo/" + name + ":1", config, null, "bridge", List.of(), List.of(), "{}"));
    }

    private FakeEngine.Box runWeb(String name, ImageInfo image, List<String> env) {
        return engine.run(name, image, new ContainerSpec("demo/web:1", new ImageConfig(env, null, null, null, null, null, null, null, null, null),
                null, "bridge", List.of(), List.of(), "{}"));
    }

    private void nextVersions(Behaviour behaviour, String... names) {
        for (String name : names) {
            engine.image("demo/" + name + ":2", ImageConfig.empty(), behaviour);
        }
    }

    private static List<RolloutTarget> targets(String... names) {
        return Arrays.stream(names)
                .map(name -> new RolloutTarget(ImageRef.parse("demo/" + name), "demo/" + name + ":2", RolloutPolicy.defaults())).toList();
    }

    private String attempt(String container) {
        return journal.records().stream().filter(record -> record.containerName().equals(container)).findFirst().orElseThrow().attempt();
    }
}
