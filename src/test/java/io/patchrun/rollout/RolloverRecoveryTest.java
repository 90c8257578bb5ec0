package io.patchrun.rollout;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A process that dies at each journaled step of a rollover, and the next start putting the container to rest from
 * the journal: it runs, on its old version or its new one, under its own name, with nothing left under a temporary
 * name.
 */
class RolloverRecoveryTest {

    private static final ImageConfig ENV = new ImageConfig(List.of("MODE=prod"), Map.of(), Set.of(), Set.of(), null, null, null, null, null, null);

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final RolloverRecovery recovery = new RolloverRecovery(engine, clock, clock::advance);
    private final ImageInfo v1 = engine.image("demo/web:1", ImageConfig.empty(), Behaviour.RUNS);

    @ParameterizedTest
    @EnumSource(value = RolloverStep.class, names = {"CREATE_NEW", "STOP_OLD", "KILL_OLD", "SWAP_NAMES", "START_NEW", "AWAIT_HEALTH", "PASSED"})
    void crashBeforeTheOldContainersAreRemoved_isUndone_theOldContainerRunsAgainUnderItsName(RolloverStep step) {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box web = engine.run("web", v1, spec(false));
        MemoryJournal journal = new MemoryJournal(engine).crashAt(step);

        crash(journal, step);
        RolloverResult result = recoverOnly(journal);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).startsWith("Patchrun stopped during the rollover of web (" + step.doing() + "); at the next start it ")
                .endsWith("; it runs its old image again");
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.id).isEqualTo(web.id);
            assertThat(box.name).isEqualTo("web");
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }

    @Test
    void crashBetweenMovingTheOldContainerAsideAndNamingTheNewOne_givesTheOldOneItsNameBack() {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box web = engine.run("web", v1, spec(false));
        MemoryJournal journal = new MemoryJournal(engine);
        engine.dieOn("rename web-patchrun-new-");

        assertThatThrownBy(() -> new Rollover(engine, journal, clock, clock::advance).rollOver("web", "demo/web:2", RolloutPolicy.defaults()))
                .isInstanceOf(MemoryJournal.Crash.class);
        String attempt = journal.records().get(0).attempt();
        assertThat(engine.boxes()).extracting(box -> box.name).containsExactlyInAnyOrder("web-patchrun-old-" + attempt, "web-patchrun-new-" + attempt);
        RolloverResult result = recoverOnly(journal);

        assertThat(result.message()).isEqualTo("Patchrun stopped during the rollover of web (moving the old container aside and giving the new"
                + " one its name); at the next start it removed the new container web-patchrun-new-" + attempt + ", renamed web-patchrun-old-"
                + attempt + " back to web, started the old container again; it runs its old image again");
        assertThat(engine.boxes()).extracting(box -> box.id, box -> box.name, box -> box.status)
                .containsExactly(org.assertj.core.api.Assertions.tuple(web.id, "web", ContainerState.Status.RUNNING));
    }

    @Test
    void crashAfterEveryContainerPassed_isFinishedForward_theNewContainerStays() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        engine.run("web", v1, spec(false));
        MemoryJournal journal = new MemoryJournal(engine).crashAt(RolloverStep.REMOVE_OLD);

        crash(journal, RolloverStep.REMOVE_OLD);
        RolloverResult result = recoverOnly(journal);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(result.message()).isEqualTo("Patchrun stopped during the rollover of web (removing the old container); at the next start it"
                + " removed the old container; it runs its new image");
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.imageId).isEqualTo(v2.id());
            assertThat(box.name).isEqualTo("web");
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
        });
    }

    @Test
    void crashWhilePuttingTheOldContainerBack_finishesPuttingItBack() {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.UNHEALTHY);
        FakeEngine.Box web = engine.run("web", v1, spec(false));
        MemoryJournal journal = new MemoryJournal(engine).crashAt(RolloverStep.ROLL_BACK);

        crash(journal, RolloverStep.ROLL_BACK);
        RolloverResult result = recoverOnly(journal);

        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        String attempt = journal.records().get(0).attempt();
        assertThat(result.message()).isEqualTo("Patchrun stopped during the rollover of web (putting the old container back); at the next"
                + " start it removed the new container web, renamed web-patchrun-old-" + attempt + " back to web, started the old container again;"
                + " it runs its old image again");
        assertThat(engine.boxes()).extracting(box -> box.id, box -> box.name).containsExactly(org.assertj.core.api.Assertions.tuple(web.id, "web"));
    }

    @Test
    void crashBeforeTheNewContainersIdWasWrittenDown_findsItUnderItsTemporaryName() {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box web = engine.run("web", v1, spec(false));
        MemoryJournal journal = new MemoryJournal(engine) {
            @Override
            public void created(RolloutRecord record, String newContainerId) {
                throw new Crash("died before writing the new container's id");
            }
        };

        assertThatThrownBy(() -> new Rollover(engine, journal, clock, clock::advance).rollOver("web", "demo/web:2", RolloutPolicy.defaults()))
                .isInstanceOf(MemoryJournal.Crash.class);
        assertThat(engine.boxes()).hasSize(2);
        RolloverResult result = recoverOnly(journal);

        assertThat(result.message()).contains("removed the new container web-patchrun-new-" + journal.records().get(0).attempt());
        assertThat(engine.boxes()).extracting(box -> box.id).containsExactly(web.id);
    }

    @ParameterizedTest
    @EnumSource(value = RolloverStep.class, names = {"CREATE_STAND_IN", "STOP_OLD", "KILL_OLD", "SWAP_NAMES", "START_NEW", "AWAIT_HEALTH", "PASSED"})
    void crashDuringTheRolloverOfAnRmContainer_putsItsCopyBack_whenTheEngineRemovedIt(RolloverStep step) {
        engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box web = engine.run("web", v1, spec(true));
        MemoryJournal journal = new MemoryJournal(engine).crashAt(step);

        crash(journal, step);
        RolloverResult result = recoverOnly(journal);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(engine.boxes()).singleElement().satisfies(box -> {
            assertThat(box.name).isEqualTo("web");
            assertThat(box.imageId).isEqualTo(v1.id());
            assertThat(box.status).isEqualTo(ContainerState.Status.RUNNING);
            assertThat(box.spec.autoRemove()).isTrue();
            assertThat(box.spec.config().env()).containsExactly("MODE=prod");
            if (step.compareTo(RolloverStep.STOP_OLD) <= 0) {
                assertThat(box.id).as("the old container itself, which was never asked to stop").isEqualTo(web.id);
            }
        });
    }

    @Test
    void rolloverJournaledWithoutSteps_isUndone_byTheTemporaryNamesOfThatTime() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box old = engine.leave("web", v1, spec(false), ContainerState.Status.EXITED);
        old.name = "web-patchrun-old-" + old.id.substring(0, 12);
        String aside = old.name;
        engine.leave("web", v2, spec(false), ContainerState.Status.CREATED);

        RolloverResult result = recovery.recover(new UnfinishedRollover(old.id, "web", null, v1.id(), v2.id(), null, null));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("Patchrun stopped during the rollover of web; at the next start it removed the new container web,"
                + " renamed " + aside + " back to web, started the old container again; it runs its old image again");
        assertThat(engine.boxes()).extracting(box -> box.id, box -> box.name, box -> box.status)
                .containsExactly(org.assertj.core.api.Assertions.tuple(old.id, "web", ContainerState.Status.RUNNING));
    }

    @Test
    void oldContainerGone_keepsTheNewOne_whenItComesUpHealthy() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box fresh = engine.leave("web-patchrun-new-0a1b2c3d", v2, spec(false), ContainerState.Status.CREATED);

        RolloverResult result = recovery.recover(new UnfinishedRollover("f00d", "web", "0a1b2c3d", v1.id(), v2.id(), RolloverStep.SWAP_NAMES, fresh.id));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(result.message()).contains("found the old container gone, gave the new container the name web, started the new container");
        assertThat(engine.boxes()).extracting(box -> box.name, box -> box.status)
                .containsExactly(org.assertj.core.api.Assertions.tuple("web", ContainerState.Status.RUNNING));
    }

    @Test
    void nameTakenByAContainerTheRolloverDidNotMake_isLeftAlone_andReported() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        FakeEngine.Box old = engine.leave("web-patchrun-old-0a1b2c3d", v1, spec(false), ContainerState.Status.EXITED);
        FakeEngine.Box stranger = engine.run("web", engine.image("other/app:1", ImageConfig.empty(), Behaviour.RUNS), spec(false));

        RolloverResult result = recovery.recover(new UnfinishedRollover(old.id, "web", "0a1b2c3d", v1.id(), v2.id(), RolloverStep.START_NEW, "gone"));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).endsWith("could not finish: the name is held by container " + stranger.id.substring(0, 12)
                + ", which this rollover did not make; it is left as it is");
        assertThat(engine.named("web").id).isEqualTo(stranger.id);
    }

    @Test
    void laterRollover_isNotBlockedByWhatAnEarlierAttemptLeft() {
        ImageInfo v2 = engine.image("demo/web:2", ImageConfig.empty(), Behaviour.HEALTHY);
        engine.run("web", v1, spec(false));
        crash(new MemoryJournal(engine).crashAt(RolloverStep.STOP_OLD), RolloverStep.STOP_OLD);
        assertThat(engine.boxes()).hasSize(2);

        RolloverResult next = new Rollover(engine, new MemoryJournal(engine), clock, clock::advance).rollOver("web", "demo/web:2",
                RolloutPolicy.defaults());

        assertThat(next.status()).as(next.message()).isEqualTo(Status.DEPLOYED);
        assertThat(engine.named("web").imageId).isEqualTo(v2.id());
    }

    /** Rolls web over to demo/web:2 with a journal that dies at {@code step}. */
    private void crash(MemoryJournal journal, RolloverStep step) {
        Rollover rollover = new Rollover(engine, journal, clock, clock::advance);
        assertThatThrownBy(() -> rollover.rollOver("web", "demo/web:2", RolloutPolicy.defaults())).as("dies at " + step)
                .isInstanceOf(MemoryJournal.Crash.class);
    }

    private RolloverResult recoverOnly(MemoryJournal journal) {
        List<UnfinishedRollover> unfinished = journal.unfinished();
        assertThat(unfinished).hasSize(1);
        return recovery.recover(unfinished.get(0));
    }

    private static ContainerSpec spec(boolean autoRemove) {
        return new ContainerSpec("demo/web:1", ENV, null, "bridge", List.of(), List.of(), "{}", autoRemove);
    }
}
