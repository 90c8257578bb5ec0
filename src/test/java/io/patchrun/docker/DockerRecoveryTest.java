package io.patchrun.docker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverRecovery;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.rollout.RolloverStep;
import io.patchrun.rollout.UnfinishedRollover;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rollover on the real engine whose process dies at each journaled step in turn (the journal throws an error
 * nothing catches, so neither a rollback nor any later step runs), then the recovery a new start makes from what
 * was journaled: the container runs, on its old or its new version, under its own name, and nothing is left
 * under a temporary name. For a container started with {@code --rm} too.
 */
@EngineTest
class DockerRecoveryTest {

    private static RolloutImages images;
    private static String v1;
    private static String v2;
    private static String unhealthy;

    @BeforeAll
    static void buildImages(Engine engine, @TempDir Path work) {
        images = new RolloutImages(engine, work);
        String serve = "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]";
        v1 = images.web("app", "v1", "v1", serve);
        v2 = images.web("app", "v2", "v2", serve);
        unhealthy = images.web("app", "sick", "sick", serve + "\nHEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD [\"false\"]");
    }

    @AfterEach
    void removeContainers(Engine engine) {
        engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()
                .forEach(container -> engine.docker().removeContainerCmd(container.getId()).withForce(true).exec());
    }

    static List<Arguments> crashes() {
        List<Arguments> crashes = new ArrayList<>();
        for (RolloverStep step : List.of(RolloverStep.CREATE_NEW, RolloverStep.STOP_OLD, RolloverStep.KILL_OLD, RolloverStep.SWAP_NAMES,
                RolloverStep.START_NEW, RolloverStep.AWAIT_HEALTH, RolloverStep.PASSED, RolloverStep.REMOVE_OLD)) {
            crashes.add(Arguments.of(step, false));
        }
        for (RolloverStep step : List.of(RolloverStep.CREATE_STAND_IN, RolloverStep.KILL_OLD, RolloverStep.SWAP_NAMES, RolloverStep.AWAIT_HEALTH,
                RolloverStep.REMOVE_OLD)) {
            crashes.add(Arguments.of(step, true));
        }
        return crashes;
    }

    @ParameterizedTest(name = "{0}, --rm: {1}")
    @MethodSource("crashes")
    void crashAtEachStep_isPutToRest_underItsName_onOneVersion_withNothingLeft(RolloverStep step, boolean rm, Engine engine) throws Exception {
        String name = engine.token() + "-" + step.name().toLowerCase().replace('_', '-') + (rm ? "-rm" : "");
        run(engine, name, rm);
        CrashingJournal journal = new CrashingJournal(step);
        Rollover rollover = new Rollover(new DockerContainers(engine.docker()), journal, Clock.systemUTC(), Pause.sleeping());

        assertThatThrownBy(() -> rollover.rollOver(name, v2, RolloutPolicy.defaults())).isInstanceOf(Crash.class);
        RolloverResult result = new RolloverRecovery(new DockerContainers(engine.docker()), Clock.systemUTC(), Pause.sleeping())
                .recover(journal.unfinished());

        System.out.println("killed at " + step + (rm ? " (--rm)" : "") + ": " + result.message());
        boolean forward = step == RolloverStep.REMOVE_OLD;
        assertThat(result.status()).as(result.message()).isEqualTo(forward ? Status.DEPLOYED : Status.ROLLED_BACK);
        InspectContainerResponse now = engine.docker().inspectContainerCmd(name).exec();
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(now.getImageId()).isEqualTo(engine.docker().inspectImageCmd(forward ? v2 : v1).exec().getId());
        assertThat(now.getHostConfig().getAutoRemove()).isEqualTo(rm);
        assertThat(RolloutImages.get(port(now), Duration.ofSeconds(10))).isEqualTo(forward ? "v2" : "v1");
        assertThat(mine(engine)).extracting(c -> c.getNames()[0]).containsExactly("/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollbacks")
    void crashWhileAFailedRolloverPutsTheOldContainerBack_isFinishedBack(boolean rm, Engine engine) throws Exception {
        String name = engine.token() + "-back" + (rm ? "-rm" : "");
        run(engine, name, rm);
        CrashingJournal journal = new CrashingJournal(RolloverStep.ROLL_BACK);
        Rollover rollover = new Rollover(new DockerContainers(engine.docker()), journal, Clock.systemUTC(), Pause.sleeping());

        assertThatThrownBy(() -> rollover.rollOver(name, unhealthy, RolloutPolicy.defaults())).isInstanceOf(Crash.class);
        RolloverResult result = new RolloverRecovery(new DockerContainers(engine.docker()), Clock.systemUTC(), Pause.sleeping())
                .recover(journal.unfinished());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(RolloutImages.get(port(engine.docker().inspectContainerCmd(name).exec()), Duration.ofSeconds(10))).isEqualTo("v1");
        assertThat(mine(engine)).extracting(c -> c.getNames()[0]).containsExactly("/" + name);
    }

    static List<Arguments> rollbacks() {
        return List.of(Arguments.of(false), Arguments.of(true));
    }

    /**
     * Runs v1 as {@code name}, publishing 8080 on a port the engine picks: a replacement keeps it, the old container
     * started again gets the one the engine picks then.
     */
    private static void run(Engine engine, String name, boolean rm) {
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = engine.docker().createContainerCmd(v1).withName(name).withLabels(engine.labels()).withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports).withAutoRemove(rm)).exec().getId();
        engine.docker().startContainerCmd(id).exec();
    }

    private static int port(InspectContainerResponse container) {
        return Integer.parseInt(container.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(8080))[0].getHostPortSpec());
    }

    private static List<Container> mine(Engine engine) {
        return engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec();
    }

    /** The process died: thrown where nothing catches it, so no rollback and no later step runs. */
    static final class Crash extends Error {
        Crash(String message) {
            super(message);
        }
    }

    /** Keeps what a journal in the database would, and dies right after writing {@code crashAt}. */
    private static final class CrashingJournal implements RolloutJournal {

        private final RolloverStep crashAt;
        private final Map<String, String> written = new ConcurrentHashMap<>();
        private volatile RolloutRecord record;
        private volatile RolloverStep last;
        private volatile String newId;

        CrashingJournal(RolloverStep crashAt) {
            this.crashAt = crashAt;
        }

        @Override
        public void record(RolloutRecord record) {
            this.record = record;
            written(RolloverStep.CREATE_NEW);
        }

        @Override
        public void created(RolloutRecord record, String newContainerId) {
            newId = newContainerId;
        }

        @Override
        public void step(RolloutRecord record, RolloverStep step) {
            written(step);
        }

        private void written(RolloverStep step) {
            last = step;
            written.put(step.name(), "");
            if (step == crashAt) {
                throw new Crash("died after writing " + step);
            }
        }

        @Override
        public void finished(RolloutRecord record, RolloverResult result) {
            throw new AssertionError("the rollover ended instead of dying at " + crashAt + ": " + result);
        }

        UnfinishedRollover unfinished() {
            assertThat(written).as("steps written").containsKey(crashAt.name());
            return new UnfinishedRollover(record.containerId(), record.containerName(), record.attempt(), record.imageId(), record.newImageId(),
                    last, newId);
        }
    }
}
