package io.patchrun.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.patchrun.history.HistoryDatabase;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActiveRunsTest {

    private static final Pipeline DEMO = Pipeline.parse(Path.of("pipelines/demo.yml"), """
            name: demo
            repositories:
              - url: https://git.example.com/demo.git
                images:
                  - name: demo/web
            """);

    private final ActiveRuns active = new ActiveRuns(HistoryDatabase.inMemory(new MutableClock()).leases("patchrun-test-1", false));

    @Test
    void aClaimedPipeline_cannotBeClaimedAgain_untilItsRunReleasesIt() {
        ActiveRuns.Claim claim = active.claim("demo").orElseThrow();
        assertThat(active.holder("demo")).as("no run is queued yet").isNull();

        RunState state = RunState.of(7, new NewRun.Patch(DEMO, RunRequest.PENDING), List.of());
        claim.bind(state);

        assertThat(active.claim("demo")).isEmpty();
        assertThat(active.holder("demo")).isEqualTo(7L);
        assertThat(active.state(7)).isSameAs(state);
        assertThat(active.claim("tools")).as("another pipeline").isPresent();

        claim.release();

        assertThat(active.holder("demo")).isNull();
        assertThatThrownBy(() -> active.state(7)).hasMessage("run 7 is not active in this process");
        assertThat(active.claim("demo")).isPresent();
    }

    @Test
    void twoClaimsAtOnce_onlyOneIsGranted() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                String pipeline = "race-" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Optional<ActiveRuns.Claim>>> claims = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    claims.add(threads.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return active.claim(pipeline);
                    }));
                }
                long granted = 0;
                for (Future<Optional<ActiveRuns.Claim>> claim : claims) {
                    granted += claim.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                assertThat(granted).as("claims granted in round %d", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
