package io.patchrun.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.EngineUnavailableException;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

class SeveralEnginesRolloutsTest {

    private final MutableClock clock = new MutableClock();
    private final FakeEngine local = new FakeEngine(clock);
    private final FakeEngine edge = new FakeEngine(clock);
    private final Rollover onLocal = new Rollover(local, new MemoryJournal(local), clock, clock::advance);

    private ContainerRollouts fleet(Containers edgeContainers) {
        return new ContainerRollouts(List.of(new ContainerRollouts.Side("local", local, onLocal),
                new ContainerRollouts.Side("edge", edgeContainers, onLocal.on(edgeContainers, null))), Runnable::run,
                io.patchrun.policy.PolicyGate.withDefaults());
    }

    @Test
    void rollOut_movesTheImagesContainersOnEveryEngineItNames_andEachResultNamesItsEngine() {
        runOnV1(local, "web");
        runOnV1(edge, "web");
        runOnV1(edge, "web-2");
        local.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);
        edge.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);

        List<RolloverResult> results = fleet(edge).rollOut(List.of(target("local", "edge")));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::engine, RolloverResult::status)
                .containsExactly(tuple("web", "edge", Status.DEPLOYED), tuple("web", "local", Status.DEPLOYED), tuple("web-2", "edge", Status.DEPLOYED));
        assertThat(edge.inspect("web").imageId()).isEqualTo(edge.inspectImage("demo/web:2").orElseThrow().id());
        assertThat(local.inspect("web").imageId()).isEqualTo(local.inspectImage("demo/web:2").orElseThrow().id());
    }

    @Test
    void rollOut_leavesAnEngineTheImageDoesNotName_alone() {
        runOnV1(local, "web");
        FakeEngine.Box onEdge = runOnV1(edge, "web");
        local.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);

        List<RolloverResult> results = fleet(edge).rollOut(List.of(target("local")));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::engine).containsExactly(tuple("web", "local"));
        assertThat(edge.boxes()).extracting(box -> box.id).containsExactly(onEdge.id);
    }

    @Test
    void aContainerFailingOnOneEngine_takesTheImagesContainersOnTheOtherEngineBackToo() {
        FakeEngine.Box onLocal = runOnV1(local, "web");
        runOnV1(edge, "web");
        local.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);
        edge.image("demo/web:2", ImageConfig.empty(), Behaviour.EXITS);

        List<RolloverResult> results = fleet(edge).rollOut(List.of(target("local", "edge")));

        assertThat(results).extracting(RolloverResult::engine, RolloverResult::status)
                .containsExactly(tuple("edge", Status.ROLLED_BACK), tuple("local", Status.ROLLED_BACK));
        assertThat(results.get(1).message()).startsWith("went back to the old version with every container of demo/web, because not all of"
                + " them passed: web on edge: new container web exited with code 1");
        assertThat(local.boxes()).extracting(box -> box.id, box -> box.status).containsExactly(tuple(onLocal.id, ContainerState.Status.RUNNING));
    }

    @Test
    void anEngineThatDoesNotAnswer_failsTheImageThere_withTheEngineNamed_andTakesTheOtherEnginesContainersBack() {
        FakeEngine.Box onLocal = runOnV1(local, "web");
        local.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);
        Containers down = (Containers) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Containers.class}, (proxy, method, args) -> {
            throw new EngineUnavailableException("listing the containers of demo/web failed: the engine did not answer: connection refused", null);
        });

        List<RolloverResult> results = fleet(down).rollOut(List.of(target("local", "edge")));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::engine, RolloverResult::status)
                .containsExactly(tuple("", "edge", Status.FAILED), tuple("web", "local", Status.ROLLED_BACK));
        assertThat(results.get(0).engineWide()).isTrue();
        assertThat(results.get(0).message()).isEqualTo("the containers of demo/web on engine edge could not be looked for, so none of them"
                + " rolled over: listing the containers of demo/web failed: the engine did not answer: connection refused");
        assertThat(results.get(1).message()).contains("engine edge: the containers of demo/web on engine edge could not be looked for");
        assertThat(local.boxes()).extracting(box -> box.id, box -> box.status).containsExactly(tuple(onLocal.id, ContainerState.Status.RUNNING));
    }

    private static RolloutTarget target(String... engines) {
        return new RolloutTarget(ImageRef.parse("demo/web"), "demo/web:2", RolloutPolicy.defaults(), List.of(engines));
    }

    private static FakeEngine.Box runOnV1(FakeEngine engine, String name) {
        ImageInfo v1 = engine.inspectImage("demo/web:1").orElseGet(() -> engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS));
        return engine.run(name, v1, new ContainerSpec("demo/web:1", ImageConfig.empty(), null, "none", List.of(), List.of(), "{}"));
    }
}
