package io.patchrun.rollout;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.HostAccess;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.policy.Allowance;
import io.patchrun.policy.PolicyGate;
import io.patchrun.policy.PolicyReason;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The policy gate in front of every rollover and rollback: what it refuses is never touched, and fails nothing. */
class PolicyGateRolloutsTest {

    private static final HostAccess SOCKET = new HostAccess(false, List.of("/var/run/docker.sock"), List.of(), null, null, List.of());

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final MemoryJournal journal = new MemoryJournal(engine);
    private final Rollover rollover = new Rollover(engine, journal, clock, clock::advance);
    private final ImageInfo v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);
    private final ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.RUNS);

    private FakeEngine.Box run(String name, HostAccess access) {
        FakeEngine.Box box = engine.run(name, v1, new ContainerSpec("demo/web:1", ImageConfig.empty(), null, "bridge", List.of(), List.of(), "{}"));
        box.access = access;
        return box;
    }

    private List<RolloverResult> rollOut(PolicyGate gate) {
        return new ContainerRollouts(engine, rollover, Runnable::run, gate)
                .rollOut(List.of(new RolloutTarget(ImageRef.parse("demo/web"), "demo/web:2", RolloutPolicy.defaults())));
    }

    @Test
    void aRefusedContainer_isLeftUntouched_andTheImagesOthersRollOver() {
        FakeEngine.Box agent = run("agent", SOCKET);
        FakeEngine.Box web = run("web", HostAccess.NONE);

        List<RolloverResult> results = rollOut(PolicyGate.withDefaults());

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple("agent", Status.REFUSED), tuple("web", Status.DEPLOYED));
        RolloverResult refused = results.get(0);
        assertThat(refused.failed()).isFalse();
        assertThat(refused.message()).isEqualTo(refused.policyNote())
                .startsWith("refused by the policy gate: docker-socket (mounts the Docker socket /var/run/docker.sock)")
                .contains("{ container: agent, reason: docker-socket }");
        assertThat(refused.oldImageId()).isEqualTo(v1.id());
        assertThat(engine.named("agent").id).isEqualTo(agent.id);
        assertThat(engine.named("agent").imageId).isEqualTo(v1.id());
        assertThat(engine.named("agent").status).isEqualTo(ContainerState.Status.RUNNING);
        assertThat(engine.events()).as("nothing was done to it").noneMatch(event -> event.contains("agent"));
        assertThat(journal.records()).extracting(RolloutRecord::containerName).containsExactly("web");
        assertThat(engine.named("web").id).isNotEqualTo(web.id);
        assertThat(engine.named("web").imageId).isEqualTo(v2.id());
    }

    @Test
    void anException_letsTheContainerThrough_andItsResultSaysSo() {
        run("agent", SOCKET);

        List<RolloverResult> results = rollOut(PolicyGate.withDefaults().allowing(List.of(new Allowance("agent", PolicyReason.DOCKER_SOCKET))));

        assertThat(results).extracting(RolloverResult::status).containsExactly(Status.DEPLOYED);
        assertThat(results.get(0).policyNote()).isEqualTo("policy exception used (policy.allow): docker-socket (mounts the Docker socket /var/run/docker.sock)");
        assertThat(results.get(0).message()).startsWith("runs demo/web:2").endsWith("; " + results.get(0).policyNote());
        assertThat(engine.named("agent").imageId).isEqualTo(v2.id());
        assertThat(journal.outcome(journal.records().get(0)).message()).as("the journal, which the run page shows, has it too")
                .endsWith("; " + results.get(0).policyNote());
    }

    @Test
    void anExceptionForAnotherReasonOrContainer_doesNotLetItThrough() {
        run("agent", new HostAccess(false, List.of("/var/run/docker.sock"), List.of("SYS_ADMIN"), null, null, List.of()));
        run("web", SOCKET);

        List<RolloverResult> results = rollOut(PolicyGate.withDefaults().allowing(List.of(new Allowance("agent", PolicyReason.DOCKER_SOCKET))));

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple("agent", Status.REFUSED), tuple("web", Status.REFUSED));
        assertThat(results.get(0).message()).contains("capability (adds capability SYS_ADMIN, which is not allowed)")
                .doesNotContain("docker-socket (");
        assertThat(engine.events()).filteredOn(event -> event.startsWith("create") || event.startsWith("stop")).isEmpty();
    }

    @Test
    void rolloutsWithoutAGateOfTheirOwn_refuseByTheDefaultRules() {
        run("priv", new HostAccess(true, List.of(), List.of(), null, null, List.of()));

        List<RolloverResult> results = new ContainerRollouts(engine, rollover, Runnable::run)
                .rollOut(List.of(new RolloutTarget(ImageRef.parse("demo/web"), "demo/web:2", RolloutPolicy.defaults())));

        assertThat(results).extracting(RolloverResult::status).containsExactly(Status.REFUSED);
        assertThat(results.get(0).message()).contains("privileged (runs --privileged)");
    }

    @Test
    void aRollback_isJudgedToo() {
        engine.run("web", v2, new ContainerSpec("demo/web:2", ImageConfig.empty(), null, "bridge", List.of(), List.of(), "{}")).access =
                new HostAccess(false, List.of(), List.of(), "host", null, List.of());
        RollbackTo rollback = new RollbackTo(engine, new ContainerRollouts(engine, rollover, Runnable::run, PolicyGate.withDefaults()));

        List<RolloverResult> results = rollback.rollBack(ImageRef.parse("demo/web"), "1", RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::status).containsExactly(Status.REFUSED);
        assertThat(results.get(0).message()).contains("host-namespace (shares the host's PID namespace (--pid host))");
        assertThat(engine.named("web").imageId).isEqualTo(v2.id());
    }
}
