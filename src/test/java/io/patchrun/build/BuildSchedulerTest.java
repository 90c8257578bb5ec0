package io.patchrun.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BuildSchedulerTest {

    private static final long WAIT_SECONDS = 10;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** demo/base <- demo/platform <- {demo/web, demo/api}; demo/tools stands alone. */
    private static Map<String, Set<String>> fleet() {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        parents.put("demo/web", Set.of("demo/platform"));
        parents.put("demo/api", Set.of("demo/platform"));
        parents.put("demo/platform", Set.of("demo/base"));
        parents.put("demo/base", Set.of());
        parents.put("demo/tools", Set.of());
        return parents;
    }

    @Test
    void run_buildsParentsBeforeChildren_lowestReadyNameFirst_onSerialExecutor() throws InterruptedException {
        List<String> order = new ArrayList<>();

        Map<String, Outcome> outcomes = new BuildScheduler(Runnable::run, 1).run(fleet(), image -> {
            order.add(image);
            return Outcome.built();
        });

        // Among the images ready at once, the lowest name goes first.
        assertThat(order).containsExactly("demo/base", "demo/platform", "demo/api", "demo/tools", "demo/web");
        assertThat(outcomes).hasSize(5).allSatisfy((image, outcome) -> assertThat(outcome.status()).isEqualTo(Outcome.Status.BUILT));
    }

    @Test
    void run_skipsEverythingDownstreamOfFailure_andBuildsUnrelatedImages() throws InterruptedException {
        List<String> built = new ArrayList<>();

        Map<String, Outcome> outcomes = new BuildScheduler(Runnable::run).run(fleet(), image -> {
            built.add(image);
            return image.equals("demo/base") ? Outcome.failed("build of demo/base failed at step 2/3: RUN false: exit code 1") : Outcome.built();
        });

        assertThat(built).containsExactly("demo/base", "demo/tools");
        assertThat(outcomes.get("demo/base")).isEqualTo(Outcome.failed("build of demo/base failed at step 2/3: RUN false: exit code 1"));
        assertThat(outcomes.get("demo/platform")).isEqualTo(Outcome.skipped("skipped: demo/base failed"));
        assertThat(outcomes.get("demo/web")).isEqualTo(Outcome.skipped("skipped: demo/base failed"));
        assertThat(outcomes.get("demo/api")).isEqualTo(Outcome.skipped("skipped: demo/base failed"));
        assertThat(outcomes.get("demo/tools")).isEqualTo(Outcome.built());
    }

    @Test
    void run_treatsThrownExceptionAsFailure_withItsMessage() throws InterruptedException {
        Map<String, Outcome> outcomes = new BuildScheduler(Runnable::run).run(fleet(), image -> {
            if (image.equals("demo/platform")) {
                throw new BuildFailedException(image, "3/5: RUN apk add foo", "exit code 127", List.of(), null);
            }
            return Outcome.unchanged();
        });

        assertThat(outcomes.get("demo/platform").message()).isEqualTo("build of demo/platform failed at step 3/5: RUN apk add foo: exit code 127");
        assertThat(outcomes.get("demo/web")).isEqualTo(Outcome.skipped("skipped: demo/platform failed"));
        assertThat(outcomes.get("demo/base").succeeded()).isTrue();
    }

    @Test
    void run_tellsListenerOfEachImage_asItsTurnEnds() throws InterruptedException {
        List<String> heard = new ArrayList<>();

        new BuildScheduler(Runnable::run, 1).run(fleet(),
                image -> image.equals("demo/platform") ? Outcome.failed("boom") : Outcome.built(),
                (image, outcome) -> heard.add(image + "=" + outcome.status()));

        assertThat(heard).containsExactly("demo/base=BUILT", "demo/platform=FAILED", "demo/api=SKIPPED", "demo/web=SKIPPED", "demo/tools=BUILT");
    }

    @Test
    void run_startsChildAsSoonAsItsOwnParentSucceeds_whileUnrelatedBuildStillRuns() throws Exception {
        Map<String, Set<String>> parents = Map.of("slow", Set.of(), "quick", Set.of(), "child-of-quick", Set.of("quick"));
        CountDownLatch childDone = new CountDownLatch(1);
        List<String> heard = Collections.synchronizedList(new ArrayList<>());

        Future<Map<String, Outcome>> run = runInBackground(new BuildScheduler(pool, 2), parents, image -> {
            if (image.equals("slow")) {
                return waitFor(childDone) ? Outcome.built() : Outcome.failed("child-of-quick was not built while slow was building");
            }
            return Outcome.built();
        }, (image, outcome) -> {
            heard.add(image);
            if (image.equals("child-of-quick")) {
                childDone.countDown();
            }
        });

        assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).allSatisfy((image, outcome) -> assertThat(outcome).isEqualTo(Outcome.built()));
        assertThat(heard).containsExactly("quick", "child-of-quick", "slow");
    }

    @Test
    void run_neverRunsMoreBuildsThanTheBound() throws Exception {
        Map<String, Set<String>> parents = Map.of("a", Set.of(), "b", Set.of(), "c", Set.of(), "d", Set.of());
        AtomicInteger handedOut = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Semaphore finishes = new Semaphore(0);
        Executor counting = task -> {
            handedOut.incrementAndGet();
            pool.execute(task);
        };
        AtomicReference<Thread> caller = new AtomicReference<>();

        FutureTask<Map<String, Outcome>> run = new FutureTask<>(() -> {
            caller.set(Thread.currentThread());
            return new BuildScheduler(counting, 2).run(parents, image -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                boolean released = acquire(finishes);
                running.decrementAndGet();
                return released ? Outcome.built() : Outcome.failed("never released");
            });
        });
        Thread thread = new Thread(run, "build-scheduler-caller");
        thread.setDaemon(true);
        thread.start();

        // The caller hands builds out, then waits for one to finish: once it waits, it hands out no more until one does.
        await().until(() -> handedOut.get() >= 2 && waiting(caller.get()));
        assertThat(handedOut).hasValue(2);

        finishes.release();
        await().until(() -> handedOut.get() >= 3 && waiting(caller.get()));
        assertThat(handedOut).hasValue(3);

        finishes.release(3);
        assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasSize(4).allSatisfy((image, outcome) -> assertThat(outcome.succeeded()).isTrue());
        assertThat(mostAtOnce).hasValue(2);
    }

    private static boolean waiting(Thread thread) {
        return thread != null && thread.getState() == Thread.State.WAITING;
    }

    @Test
    void run_rejectsParentNotAmongTheImages() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BuildScheduler(Runnable::run).run(Map.of("demo/web", Set.of("demo/platform")), image -> Outcome.built()))
                .withMessage("cannot schedule demo/web: it is built on demo/platform, which is not among the images to build");
    }

    @Test
    void run_rejectsCycle_namingTheImagesOnIt() {
        Map<String, Set<String>> parents = Map.of("a", Set.of("b"), "b", Set.of("a"), "c", Set.of());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BuildScheduler(Runnable::run).run(parents, image -> Outcome.built()))
                .withMessage("cannot schedule builds: the images [a, b] are on a cycle of images built on each other, or built on one");
    }

    @Test
    void constructor_rejectsBoundBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BuildScheduler(Runnable::run, 0))
                .withMessage("at least one build must be allowed to run at once, not 0");
    }

    private Future<Map<String, Outcome>> runInBackground(BuildScheduler scheduler, Map<String, Set<String>> parents,
            Function<String, Outcome> build, BuildListener listener) {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            return caller.submit(() -> scheduler.run(parents, build, listener));
        } finally {
            caller.shutdown();
        }
    }

    private static boolean acquire(Semaphore permits) {
        try {
            return permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean waitFor(CountDownLatch latch) {
        try {
            return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
