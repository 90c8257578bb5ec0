package io.patchrun.batch;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import io.patchrun.history.HistoryDatabase;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunStatus;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class UnfinishedRunsTest {

    private final RunHistory runs = HistoryDatabase.inMemory(new MutableClock()).runs();

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

        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(RunHistory.class, () -> runs);
            context.registerBean(UnfinishedRuns.class);
            context.registerBean(Starter.class, () -> new Starter(() -> seenByStarter.add(runs.find(running).orElseThrow().status())));
            context.refresh();
        }

        assertThat(seenByStarter).containsExactly(RunStatus.FAILED);
        for (long id : List.of(running, queued)) {
            Run run = runs.find(id).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.message()).isEqualTo("Patchrun stopped while this run was going; start it again");
            assertThat(run.endedAt()).isNotNull();
        }
        assertThat(runs.find(ended).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
