package io.patchrun.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.history.HistoryDatabase;
import io.patchrun.history.HistoryJournal;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunLeases;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.retain.ImageStore;
import io.patchrun.rollout.RolloverRecovery;
import io.patchrun.rollout.EngineRollovers;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.VolumeSnapshots;
import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
import io.patchrun.container.ImageCopies;
import io.patchrun.container.VolumeArchives;
import java.lang.reflect.Proxy;
import io.patchrun.source.GitAccess;
import io.patchrun.source.GitSources;
import io.patchrun.source.Revision;
import io.patchrun.source.RunCheckouts;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class UnfinishedRunsTest {

    private static final Instant RECORDED = Instant.parse("2026-11-23T03:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final HistoryDatabase db = HistoryDatabase.inMemory(clock);
    private final RunHistory runs = db.runs();
    private final RunLeases leases = db.leases("patchrun-test-1", false);
    private final RolloutLog journalRows = db.rollouts();
    private final VersionHistory versions = db.versions();
    private final StoppedEngine engine = new StoppedEngine();
    /** A second engine, {@code edge}, that builds nothing. */
    private final StoppedEngine edge = new StoppedEngine();
    private final Map<String, String> latest = new HashMap<>();
    @TempDir
    Path temp;
    private RunCheckouts checkouts;

    @BeforeEach
    void checkouts() {
        checkouts = new RunCheckouts(temp.resolve("checkouts"));
    }

    /** Stands for the scheduler and the web server: what starts runs is started as a lifecycle bean. */
    private static final class Starter implements SmartLifecycle {

        private final Runnable onStart;
        private boolean running;

        Starter(Runnable onStart) {
            this.onStart = onStart;
        }

        @Override
        public void start() {
            onStart.run();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }

    @Test
    void runsAStoppedProcessLeft_areFailedAtStart_beforeAnythingThatStartsRunsIsStarted() {
        long running = runs.queue("demo", "schedule", null, List.of());
        runs.started(running);
        long queued = runs.queue("tools", "api", "admin", List.of());
        long ended = runs.queue("demo", "api", "admin", List.of());
        runs.finished(ended, RunStatus.SUCCEEDED, "1 built");
        List<RunStatus> seenByStarter = new ArrayList<>();

        start(() -> seenByStarter.add(runs.find(running).orElseThrow().status()));

        assertThat(seenByStarter).containsExactly(RunStatus.FAILED);
        for (long id : List.of(running, queued)) {
            Run run = runs.find(id).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.message()).isEqualTo("Patchrun stopped while this run was going; start it again");
            assertThat(run.endedAt()).isNotNull();
        }
        assertThat(runs.find(ended).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void checkoutsOfRunsAStoppedProcessLeft_areRemovedAtStart_beforeAnythingThatStartsRunsIsStarted() {
        GitRepos remote = GitRepos.withFiles(temp.resolve("remote"), Map.of("Dockerfile", "FROM scratch\n"));
        Revision revision = new GitSources(temp.resolve("git"), GitAccess.anonymous()).fetch(remote.path().toString(), "main");
        Path left = checkouts.checkout(41, remote.path().toString(), revision).dir();
        List<Boolean> seenByStarter = new ArrayList<>();

        start(() -> seenByStarter.add(Files.exists(left)));

        assertThat(seenByStarter).containsExactly(false);
        assertThat(checkouts.runFolder(41)).doesNotExist();
    }

    @Test
    void rolloverAStoppedProcessLeftHalfWay_isPutBackAtStart_andTheRepairIsRecordedOnItsRun() {
        long run = runs.queue("demo", "schedule", null, List.of("demo/web"));
        runs.started(run);
        runs.image(run, new RunImage("demo/web", ImageStatus.PENDING, "20261123-030000-1", null, null, 900L, List.of(), null));
        versions.add(new ImageVersion("demo/web", "20261101-030000-1", "sha256:v1", null, null, RECORDED.minusSeconds(86400), 1L, true, false));
        versions.add(new ImageVersion("demo/web", "20261123-030000-1", "sha256:v2", null, null, RECORDED, run, false, false));
        // Killed between moving the old container aside and giving the new one its name.
        String old = engine.leave("web-patchrun-old-0a1b2c3d", "sha256:v1", ContainerState.Status.EXITED);
        String fresh = engine.leave("web-patchrun-new-0a1b2c3d", "sha256:v2", ContainerState.Status.CREATED);
        long entry = journalRows.before(old, "web", "demo/web:latest", "sha256:v1", "demo/web:20261123-030000-1", "sha256:v2", "{}", RECORDED,
                run, "0a1b2c3d", "CREATE_NEW");
        journalRows.step(entry, "SWAP_NAMES", fresh);
        List<String> seenByStarter = new ArrayList<>();

        start(() -> seenByStarter.add(engine.names().toString()));

        assertThat(seenByStarter).containsExactly("{web=RUNNING}");
        assertThat(engine.idOf("web")).isEqualTo(old);
        Run repaired = runs.find(run).orElseThrow();
        assertThat(repaired.status()).isEqualTo(RunStatus.FAILED);
        assertThat(repaired.message()).isEqualTo("Patchrun stopped while this run was going; start it again; rollovers it left unfinished were"
                + " put to rest at the next start: web is back on its old version");
        RunImage image = repaired.images().get(0);
        assertThat(image.status()).isEqualTo(ImageStatus.ROLLED_BACK);
        assertThat(image.containers()).containsExactly("web");
        assertThat(image.message()).isEqualTo("Patchrun stopped during the rollover of web (moving the old container aside and giving the new one"
                + " its name); at the next start it removed the new container web-patchrun-new-0a1b2c3d, renamed web-patchrun-old-0a1b2c3d back"
                + " to web, started the old container again; it runs its old image again");
        assertThat(latest).containsEntry("demo/web:latest", "sha256:v1");
        assertThat(journalRows.unfinished()).isEmpty();
        assertThat(journalRows.of("web").get(0).result()).isEqualTo("ROLLED_BACK");
    }

    @Test
    void rolloverLeftAfterEveryContainerOfItsImagePassed_isFinishedAtStart_andItsVersionBecomesCurrent() {
        long run = runs.queue("demo", "schedule", null, List.of("demo/web"));
        runs.started(run);
        runs.image(run, new RunImage("demo/web", ImageStatus.PENDING, "20261123-030000-1", null, null, 900L, List.of(), null));
        versions.add(new ImageVersion("demo/web", "20261101-030000-1", "sha256:v1", null, null, RECORDED.minusSeconds(86400), 1L, true, false));
        versions.add(new ImageVersion("demo/web", "20261123-030000-1", "sha256:v2", null, null, RECORDED, run, false, false));
        String old = engine.leave("web-patchrun-old-0a1b2c3d", "sha256:v1", ContainerState.Status.EXITED);
        String fresh = engine.leave("web", "sha256:v2", ContainerState.Status.RUNNING);
        long entry = journalRows.before(old, "web", "demo/web:latest", "sha256:v1", "demo/web:20261123-030000-1", "sha256:v2", "{}", RECORDED,
                run, "0a1b2c3d", "CREATE_NEW");
        journalRows.step(entry, "REMOVE_OLD", fresh);

        start(() -> { });

        assertThat(engine.names()).isEqualTo(Map.of("web", ContainerState.Status.RUNNING));
        assertThat(engine.idOf("web")).isEqualTo(fresh);
        assertThat(runs.find(run).orElseThrow().images().get(0).status()).isEqualTo(ImageStatus.DEPLOYED);
        assertThat(versions.current("demo/web")).map(ImageVersion::tag).contains("20261123-030000-1");
        assertThat(latest).containsEntry("demo/web:latest", "sha256:v2");
    }

    @Test
    void rolloverLeftUnfinished_staysInTheJournal_whileTheEngineDoesNotAnswer_andTheRunIsFailedAllTheSame() {
        long run = runs.queue("demo", "schedule", null, List.of("demo/web"));
        runs.started(run);
        journalRows.before("c0ffee", "web", "demo/web:latest", "sha256:v1", "demo/web:2", "sha256:v2", "{}", RECORDED, run, "0a1b2c3d",
                "KILL_OLD");
        engine.answering = false;

        start(() -> { });

        assertThat(runs.find(run).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(journalRows.unfinished()).hasSize(1);
    }

    @Test
    void onASharedDatabase_theRunsOfAnInstanceWhoseLeaseExpired_areTakenOver_whileALiveInstancesRunIsLeftAlone() {
        RunLeases here = db.leases("host-here-1", true);
        RunLeases live = db.leases("host-live-2", true);
        RunLeases dead = db.leases("host-dead-3", true);
        assertThat(dead.take("web")).isEqualTo(RunLeases.Outcome.TAKEN);
        long deadRun = runs.queue("web", "schedule", null, List.of(), null, dead.instance());
        runs.started(deadRun);
        dead.bind("web", deadRun);
        clock.advance(Duration.ofSeconds(20));
        assertThat(live.take("api")).isEqualTo(RunLeases.Outcome.TAKEN);
        long liveRun = runs.queue("api", "api", "admin", List.of(), null, live.instance());
        runs.started(liveRun);
        UnfinishedRuns unfinished = new UnfinishedRuns(leftovers(here), runs, checkouts, here);

        unfinished.afterSingletonsInstantiated();
        assertThat(runs.find(deadRun).orElseThrow().status()).as("its lease has 10 s left").isEqualTo(RunStatus.RUNNING);

        clock.advance(Duration.ofSeconds(10));
        unfinished.takeOver();

        Run taken = runs.find(deadRun).orElseThrow();
        assertThat(taken.status()).isEqualTo(RunStatus.FAILED);
        assertThat(taken.message()).isEqualTo(UnfinishedRuns.TAKEN_OVER);
        assertThat(runs.find(liveRun).orElseThrow().status()).as("its lease has 20 s left").isEqualTo(RunStatus.RUNNING);
        assertThat(here.take("web")).isEqualTo(RunLeases.Outcome.TAKEN_OVER);
        assertThat(here.take("api")).isEqualTo(RunLeases.Outcome.HELD);
    }

    private LeftoverRollovers leftovers(RunLeases leases) {
        HistoryJournal journal = new HistoryJournal(journalRows, clock);
        return new LeftoverRollovers(journalRows, journal, new RolloverRecovery(engine, clock, clock::advance), runs,
                versions, new Tags(latest), clock, leases, engines(journal));
    }

    @Test
    void rolloverLeftUnfinishedOnAnotherEngine_isPutToRestThere_andOneOfAnEngineThatDoesNotAnswer_waitsWithoutHoldingTheOthersBack() {
        long run = runs.queue("demo", "schedule", null, List.of("demo/web"));
        runs.started(run);
        runs.image(run, new RunImage("demo/web", ImageStatus.PENDING, "20261123-030000-1", null, null, 900L, List.of(), null));
        versions.add(new ImageVersion("demo/web", "20261101-030000-1", "sha256:v1", null, null, RECORDED.minusSeconds(86400), 1L, true, false));
        versions.add(new ImageVersion("demo/web", "20261123-030000-1", "sha256:v2", null, null, RECORDED, run, false, false));
        String old = edge.leave("web-patchrun-old-0a1b2c3d", "sha256:v1", ContainerState.Status.EXITED);
        String fresh = edge.leave("web-patchrun-new-0a1b2c3d", "sha256:v2", ContainerState.Status.CREATED);
        long entry = journalRows.before(old, "web", "demo/web:latest", "sha256:v1", "demo/web:20261123-030000-1", "sha256:v2", "{}", RECORDED,
                run, "0a1b2c3d", "CREATE_NEW", null, "edge");
        journalRows.step(entry, "SWAP_NAMES", fresh);
        edge.answering = false;

        start(() -> { });

        assertThat(journalRows.unfinished()).extracting(RolloutLog.Unfinished::engine).containsExactly("edge");
        assertThat(edge.names()).containsEntry("web-patchrun-old-0a1b2c3d", ContainerState.Status.EXITED);

        edge.answering = true;
        start(() -> { });

        assertThat(edge.names()).isEqualTo(Map.of("web", ContainerState.Status.RUNNING));
        assertThat(edge.idOf("web")).isEqualTo(old);
        assertThat(engine.names()).as("nothing happened on the build engine").isEmpty();
        assertThat(journalRows.unfinished()).isEmpty();
        assertThat(runs.find(run).orElseThrow().images().get(0).status()).isEqualTo(ImageStatus.ROLLED_BACK);
    }

    private void start(Runnable starter) {
        LeftoverRollovers leftovers = leftovers(leases);
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(RunLeases.class, () -> leases);
            context.registerBean(RunHistory.class, () -> runs);
            context.registerBean(LeftoverRollovers.class, () -> leftovers);
            context.registerBean(RunCheckouts.class, () -> checkouts);
            context.registerBean(UnfinishedRuns.class);
            context.registerBean(Starter.class, () -> new Starter(starter));
            context.refresh();
        }
    }

    /** The engines of these tests, {@code local} (which builds) and {@code edge}; their volumes and image copies are never asked for. */
    private EngineRollovers engines(HistoryJournal journal) {
        VolumeArchives noVolumes = unused(VolumeArchives.class);
        Engines engines = new Engines(List.of(new Engine("local", "fake", true, engine, noVolumes, new Tags(latest), unused(ImageCopies.class)),
                new Engine("edge", "fake-edge", false, edge, noVolumes, unused(ImageStore.class), unused(ImageCopies.class))));
        return new EngineRollovers(engines, new Rollover(engine, journal, clock, clock::advance),
                new VolumeSnapshots(noVolumes, temp.resolve("snapshots"), clock), other -> new VolumeSnapshots(noVolumes, temp.resolve("edge"), clock));
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError(method.getName() + " of " + type.getSimpleName() + " is not used here");
        }));
    }

    /** Where {@code :latest} points, by reference. */
    private record Tags(Map<String, String> tags) implements ImageStore {

        @Override
        public String imageId(ImageRef ref) {
            return tags.get(ref.familiar());
        }

        @Override
        public Set<String> imageIdsInUse() {
            return Set.of();
        }

        @Override
        public void tag(String imageId, ImageRef ref) {
            tags.put(ref.familiar(), imageId);
        }

        @Override
        public boolean untag(ImageRef ref) {
            return tags.remove(ref.familiar()) != null;
        }
    }

    /** The containers a stopped process left, by id; enough of an engine for recovery. */
    private static final class StoppedEngine implements Containers {

        private final Map<String, ContainerDetails> containers = new HashMap<>();
        private int next;
        boolean answering = true;

        String leave(String name, String imageId, ContainerState.Status status) {
            String id = String.format("%064x", ++next);
            containers.put(id, details(id, name, imageId, status));
            return id;
        }

        Map<String, ContainerState.Status> names() {
            Map<String, ContainerState.Status> names = new HashMap<>();
            containers.values().forEach(c -> names.put(c.name(), c.state().status()));
            return names;
        }

        String idOf(String name) {
            return find(name).id();
        }

        private static ContainerDetails details(String id, String name, String imageId, ContainerState.Status status) {
            return new ContainerDetails(id, name, imageId, new ContainerSpec("demo/web:latest", ImageConfig.empty(), null, "bridge", List.of(),
                    List.of(), "{}"), new ContainerState(status, ContainerState.Health.NONE, null, 0, null, null, null), List.of());
        }

        private ContainerDetails find(String container) {
            if (!answering) {
                throw new io.patchrun.container.EngineUnavailableException("inspecting container " + container + " failed: the engine did not"
                        + " answer", new java.io.IOException("connection refused"));
            }
            ContainerDetails byId = containers.get(container);
            if (byId != null) {
                return byId;
            }
            return containers.values().stream().filter(c -> c.name().equals(container)).findFirst()
                    .orElseThrow(() -> new ContainerNotFoundException("no container " + container));
        }

        private void put(ContainerDetails old, String name, ContainerState.Status status) {
            containers.put(old.id(), details(old.id(), name, old.imageId(), status));
        }

        @Override
        public List<String> runningOf(ImageRef image) {
            return List.of();
        }

        @Override
        public List<String> runningWithLabel(String key) {
            return List.of();
        }

        @Override
        public io.patchrun.container.ExecResult exec(String container, List<String> command, Duration timeout) {
            throw new UnsupportedOperationException("recovery runs no command in a container");
        }

        @Override
        public ContainerDetails inspect(String container) {
            return find(container);
        }

        @Override
        public Optional<ImageInfo> inspectImage(String reference) {
            return Optional.empty();
        }

        @Override
        public String create(String name, ContainerSpec spec) {
            throw new UnsupportedOperationException("recovery creates nothing");
        }

        @Override
        public void rename(String container, String newName) {
            ContainerDetails found = find(container);
            put(found, newName, found.state().status());
        }

        @Override
        public void stop(String container, Duration timeout) {
            ContainerDetails found = find(container);
            put(found, found.name(), ContainerState.Status.EXITED);
        }

        @Override
        public void signal(String container, String signal) {
            find(container);
        }

        @Override
        public boolean awaitStopped(String container, Duration timeout) {
            return true;
        }

        @Override
        public void start(String container) {
            ContainerDetails found = find(container);
            put(found, found.name(), ContainerState.Status.RUNNING);
        }

        @Override
        public void remove(String container) {
            containers.remove(find(container).id());
        }

        @Override
        public ContainerState state(String container) {
            return find(container).state();
        }

        @Override
        public List<String> logTail(String container, int lines) {
            return List.of();
        }
    }
}
