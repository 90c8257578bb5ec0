package io.patchrun.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

import io.patchrun.fleet.Fleet;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.HistoryDatabase;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.notify.EndedRun;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyGraph;
import io.patchrun.plan.FleetImage;
import io.patchrun.source.GitSources;
import io.patchrun.source.GitAccess;
import io.patchrun.source.Revision;
import io.patchrun.source.RunCheckouts;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The launcher against a real (in-memory) history, with jobs the test controls instead of Spring Batch's. */
class BackgroundRunsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HistoryDatabase db = HistoryDatabase.inMemory(new MutableClock());
    private final RunHistory runs = db.runs();
    private final BaseHistory bases = db.bases();
    /** Jobs wait for this before they do what {@link #job} says. */
    private final CountDownLatch go = new CountDownLatch(1);
    private volatile Consumer<RunState> job = state -> { };
    private volatile BatchStatus jobStatus = BatchStatus.COMPLETED;
    private volatile Throwable jobFailure;
    /** What the runs' listener was told, in order. */
    private final List<EndedRun> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path temp;
    private final RunCheckouts checkouts;
    private final BackgroundRuns launcher;

    BackgroundRunsTest(@TempDir Path temp) {
        this.temp = temp;
        checkouts = new RunCheckouts(temp.resolve("checkouts"));
        launcher = new BackgroundRuns(new ActiveRuns(db.leases("patchrun-test-1", false)), runs, bases, state -> {
            if (!go.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let run " + state.id + " go");
            }
            job.accept(state);
            JobExecution execution = new JobExecution(state.id, new JobInstance(state.id, "test"), new JobParameters());
            execution.setStatus(jobStatus);
            if (jobFailure != null) {
                execution.addFailureException(jobFailure);
            }
            return execution;
        }, checkouts, List.of(ended::add), () -> {
            throw new AssertionError("no lease expires in these tests, so there is nothing to take over");
        });
    }

    @AfterEach
    void stop() {
        go.countDown();
        launcher.destroy();
    }

    private static Pipeline pipeline(String name) {
        return Pipeline.parse(Path.of("pipelines", name + ".yml"), """
                name: %s
                repositories:
                  - url: https://git.example.com/demo.git
                    images:
                      - name: demo/web
                      - name: demo/api
                """.formatted(name));
    }

    private Run ended(long id) {
        return await().atMost(PATIENCE).until(() -> runs.find(id).orElseThrow(), run -> !run.status().active());
    }

    private static long started(Launch launch) {
        assertThat(launch).isInstanceOf(Launch.Started.class);
        return ((Launch.Started) launch).id();
    }

    @Test
    void twoRequestsAtOnce_startOneRun_andTheOtherIsRefusedWithNothingRecorded() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Pipeline pipeline = pipeline("race-" + round);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Launch>> launches = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    launches.add(callers.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return launcher.launch(new NewRun.Patch(pipeline, RunRequest.PENDING), "api", "admin");
                    }));
                }
                List<Launch> results = new ArrayList<>();
                for (Future<Launch> launch : launches) {
                    results.add(launch.get(10, TimeUnit.SECONDS));
                }

                List<Long> ids = results.stream().filter(Launch.Started.class::isInstance).map(l -> ((Launch.Started) l).id()).toList();
                List<Launch.Busy> refused = results.stream().filter(Launch.Busy.class::isInstance).map(Launch.Busy.class::cast).toList();
                assertThat(ids).as("runs started in round %d", round).hasSize(1);
                assertThat(refused).as("requests refused in round %d", round).hasSize(1);
                assertThat(refused.get(0).pipeline()).isEqualTo(pipeline.name());
                // The refused request may have come while the run was claimed but not yet queued.
                assertThat(refused.get(0).running()).isIn(ids.get(0), null);
                assertThat(runs.list(pipeline.name(), null, 0, 10)).extracting(Run::id).containsExactly(ids.get(0));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aRunRefusedWhileAnotherGoes_namesIt_andThePipelineIsFreeAgainOnceItEnds() {
        Pipeline demo = pipeline("demo");
        long first = started(launcher.launch(new NewRun.Patch(demo, RunRequest.PENDING), "schedule", null));

        assertThat(launcher.launch(new NewRun.Patch(demo, new RunRequest(List.of(), true)), "api", "admin"))
                .isEqualTo(new Launch.Busy("demo", first));
        assertThat(started(launcher.launch(new NewRun.Patch(pipeline("tools"), RunRequest.PENDING), "api", "admin")))
                .as("another pipeline runs meanwhile").isGreaterThan(first);

        go.countDown();
        assertThat(ended(first).status()).isEqualTo(RunStatus.SUCCEEDED);

        long next = started(launcher.launch(new NewRun.Patch(demo, RunRequest.PENDING), "api", "admin"));
        assertThat(ended(next).trigger()).isEqualTo("api");
    }

    @Test
    void completedRun_isRecordedWithItsSummary_andClearsThePendingBasesWhoseImagesAllPassed() {
        bases.markPending("demo", "127.0.0.1:5000/base:stable");
        bases.markPending("demo", "127.0.0.1:5000/other:1");
        Pipeline demo = pipeline("demo");
        job = state -> {
            assertThat(state.pendingBases).containsExactlyInAnyOrder("127.0.0.1:5000/base:stable", "127.0.0.1:5000/other:1");
            state.fleet = new Fleet(demo, Map.of(), DependencyGraph.of(List.of(
                    FleetImage.readable("demo/web", Set.of(ImageRef.parse("demo/web")), List.of(ImageRef.parse("127.0.0.1:5000/base:stable"))),
                    FleetImage.readable("demo/api", Set.of(ImageRef.parse("demo/api")), List.of(ImageRef.parse("127.0.0.1:5000/other:1"))))));
            state.images.put("demo/web", RunImage.pending("demo/web").with(ImageStatus.DEPLOYED, null));
            state.images.put("demo/api", RunImage.pending("demo/api").with(ImageStatus.FAILED, "build failed"));
        };
        go.countDown();

        Run run = ended(started(launcher.launch(new NewRun.Patch(demo, RunRequest.PENDING), "schedule", null)));

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.message()).isEqualTo("1 failed, 1 deployed");
        assertThat(bases.pending("demo")).as("the update of demo/api is still to be done").containsExactly("127.0.0.1:5000/other:1");
    }

    @Test
    void resume_isQueuedAsANewRunThatNamesTheRunItContinues_andLeavesPendingBasesAlone() {
        Pipeline demo = pipeline("demo");
        bases.markPending("demo", "127.0.0.1:5000/base:stable");
        long failed = runs.queue("demo", "schedule", null, List.of("demo/web", "demo/gone"));
        runs.finished(failed, RunStatus.FAILED, "1 failed");
        go.countDown();

        long id = started(launcher.launch(new NewRun.Resume(demo, runs.find(failed).orElseThrow()), "resume", "admin"));

        Run run = ended(id);
        assertThat(id).isNotEqualTo(failed);
        assertThat(run.resumes()).isEqualTo(failed);
        assertThat(run.trigger()).isEqualTo("resume");
        assertThat(run.images()).as("queued with the images the pipeline still has").extracting(RunImage::name).containsExactly("demo/web");
        assertThat(bases.pending("demo")).containsExactly("127.0.0.1:5000/base:stable");
    }

    @Test
    void endedRun_isToldToTheListenersOnce_asRecorded() throws Exception {
        job = state -> {
            RunImage web = RunImage.pending("demo/web").with(ImageStatus.ROLLED_BACK, "web-1: unhealthy");
            state.images.put(web.name(), web);
            runs.image(state.id, web);
        };
        go.countDown();

        Run run = ended(started(launcher.launch(new NewRun.Patch(pipeline("demo"), RunRequest.PENDING), "api", "admin")));

        await().atMost(PATIENCE).until(() -> !ended.isEmpty());
        assertThat(ended).singleElement().satisfies(told -> {
            assertThat(told.id()).isEqualTo(run.id());
            assertThat(told.status()).isEqualTo("ROLLED_BACK");
            assertThat(told.trigger()).isEqualTo("api");
            assertThat(told.images()).singleElement().satisfies(image -> assertThat(image.message()).isEqualTo("web-1: unhealthy"));
        });
    }

    @Test
    void runOfChosenImages_leavesThePendingBasesPending() {
        bases.markPending("demo", "127.0.0.1:5000/base:stable");
        go.countDown();

        Run run = ended(started(launcher.launch(new NewRun.Patch(pipeline("demo"), new RunRequest(List.of("demo/web"), true)), "ui", "admin")));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bases.pending("demo")).containsExactly("127.0.0.1:5000/base:stable");
    }

    @Test
    void failedJob_failsTheRunAndTheImagesItHadNotReached_withTheFirstFailure() {
        Pipeline demo = pipeline("demo");
        ImageVersion v1 = new ImageVersion("demo/web", "v1", "sha256:v1", null, "c0ffee", Instant.parse("2026-11-22T03:00:00Z"), 1L, false, false);
        jobStatus = BatchStatus.FAILED;
        jobFailure = new IllegalStateException("the engine went away");
        go.countDown();

        Run run = ended(started(launcher.launch(new NewRun.Rollback(demo, demo.images().get(0), v1), "rollback", "admin")));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).isEqualTo("IllegalStateException: the engine went away");
        assertThat(run.images()).containsExactly(RunImage.pending("demo/web").with(ImageStatus.FAILED, "IllegalStateException: the engine went away"));
    }

    @Test
    void jobThatCannotBeCarriedOut_failsTheRun_andFreesThePipeline() {
        Pipeline demo = pipeline("demo");
        job = state -> {
            throw new IllegalStateException("no job repository");
        };
        go.countDown();

        Run run = ended(started(launcher.launch(new NewRun.Patch(demo, RunRequest.PENDING), "api", "admin")));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).isEqualTo("the run could not be carried out: no job repository");
        job = state -> { };
        assertThat(ended(started(launcher.launch(new NewRun.Patch(demo, RunRequest.PENDING), "api", "admin"))).status())
                .isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRunsCheckouts_areThereWhileItGoes_andRemovedWhenItEnds_alsoWhenItFails() {
        GitRepos remote = GitRepos.withFiles(temp.resolve("remote"), Map.of("Dockerfile", "FROM scratch\n"));
        Revision revision = new GitSources(temp.resolve("git"), GitAccess.anonymous()).fetch(remote.path().toString(), "main");
        List<Path> whileGoing = new java.util.concurrent.CopyOnWriteArrayList<>();
        job = state -> {
            Path tree = checkouts.checkout(state.id, remote.path().toString(), revision).dir();
            assertThat(tree.resolve("Dockerfile")).hasContent("FROM scratch");
            whileGoing.add(tree);
            if (state.pipeline.name().equals("broken")) {
                throw new IllegalStateException("the engine went away");
            }
        };
        go.countDown();

        long fine = started(launcher.launch(new NewRun.Patch(pipeline("fine"), RunRequest.PENDING), "api", "admin"));
        long broken = started(launcher.launch(new NewRun.Patch(pipeline("broken"), RunRequest.PENDING), "api", "admin"));

        assertThat(ended(fine).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ended(broken).status()).isEqualTo(RunStatus.FAILED);
        assertThat(whileGoing).hasSize(2).allSatisfy(tree -> assertThat(tree).doesNotExist());
        assertThat(checkouts.runFolder(fine)).doesNotExist();
        assertThat(checkouts.runFolder(broken)).doesNotExist();
    }
}
