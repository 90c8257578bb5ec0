package io.patchrun.docker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.patchrun.container.Containers;
import io.patchrun.image.ImageRef;
import io.patchrun.policy.PolicyGate;
import io.patchrun.rollout.ContainerRollouts;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.RolloutTarget;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.testsupport.BenchmarkFigures;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.SecondEngine;

/**
 * Rollovers on two engines at once against one engine after the other: {@value #PER_ENGINE} slow-stopping containers
 * (busybox httpd as PID 1 ignores SIGTERM, so each stop waits its timeout) on each of the engine this machine runs and
 * a second one, {@value #PARALLELISM} at a time on each engine. Prints both wall times and writes them to
 * target/benchmarks/engines.txt.
 */
@Tag("benchmark")
@EngineTest
class SeveralEnginesBenchmark {

    private static final int PER_ENGINE = 4;
    private static final int PARALLELISM = 4;
    private static final Duration SLOW_STOP = Duration.ofSeconds(2);

    private final List<String> report = new ArrayList<>();

    @Test
    void twoEnginesInParallel_againstOneAfterTheOther(Engine engine) throws IOException, InterruptedException {
        try (SecondEngine second = SecondEngine.start()) {
            ImageRef v1 = engine.makeBase("slow", "v1");
            ImageRef v2 = engine.republish(ImageRef.parse(engine.registryName("slow") + ":v2"), "2");
            ImageRef v3 = engine.republish(ImageRef.parse(engine.registryName("slow") + ":v3"), "3");
            for (ImageRef version : List.of(v1, v2, v3)) {
                second.docker().pullImageCmd(version.familiarName()).withTag(version.tag()).exec(new PullImageResultCallback()).awaitCompletion();
            }
            for (int i = 0; i < PER_ENGINE; i++) {
                run(engine.docker(), engine, v1, engine.token() + "-slow-" + i);
                run(second.docker(), engine, v1, engine.token() + "-slow-" + i);
            }
            Containers local = new DockerContainers(engine.docker());
            Containers edge = new DockerContainers(second.docker());
            Rollover onLocal = new Rollover(local, new SilentJournal(), Clock.systemUTC(), io.patchrun.time.Pause.sleeping());
            Rollover onEdge = onLocal.on(edge, null);
            ExecutorService pool = Executors.newFixedThreadPool(2 * PARALLELISM);
            try {
                ContainerRollouts.Side localSide = new ContainerRollouts.Side("local", local, onLocal);
                ContainerRollouts.Side edgeSide = new ContainerRollouts.Side("edge", edge, onEdge);
                ImageRef image = ImageRef.parse(v1.familiarName());
                RolloutPolicy policy = RolloutPolicy.defaults().withStopTimeout(SLOW_STOP);

                Instant start = Instant.now();
                List<RolloverResult> one = new ArrayList<>(new ContainerRollouts(List.of(localSide), pool, PolicyGate.withDefaults())
                        .rollOut(List.of(new RolloutTarget(image, v2.familiar(), policy)), PARALLELISM));
                one.addAll(new ContainerRollouts(List.of(edgeSide), pool, PolicyGate.withDefaults())
                        .rollOut(List.of(new RolloutTarget(image, v2.familiar(), policy)), PARALLELISM));
                Duration sequential = Duration.between(start, Instant.now());

                start = Instant.now();
                List<RolloverResult> both = new ContainerRollouts(List.of(localSide, edgeSide), pool, PolicyGate.withDefaults())
                        .rollOut(List.of(new RolloutTarget(image, v3.familiar(), policy)), PARALLELISM);
                Duration parallel = Duration.between(start, Instant.now());

                line("%d containers on each of 2 engines, each stop waits %d s, %d at a time per engine:", PER_ENGINE, SLOW_STOP.toSeconds(),
                        PARALLELISM);
                line("  one engine after the other: wall %d ms, %d of %d deployed", sequential.toMillis(), deployed(one), one.size());
                line("  both engines in parallel:   wall %d ms, %d of %d deployed", parallel.toMillis(), deployed(both), both.size());
            } finally {
                pool.shutdownNow();
                for (int i = 0; i < PER_ENGINE; i++) {
                    second.docker().removeContainerCmd(engine.token() + "-slow-" + i).withForce(true).exec();
                }
            }
        }
        BenchmarkFigures.write("engines", report);
    }

    private static long deployed(List<RolloverResult> results) {
        return results.stream().filter(r -> r.status() == RolloverResult.Status.DEPLOYED).count();
    }

    private static void run(DockerClient docker, Engine engine, ImageRef image, String name) {
        String id = docker.createContainerCmd(image.familiar()).withName(name).withLabels(engine.labels()).withCmd("httpd", "-f", "-p", "8080")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        docker.startContainerCmd(id).exec();
    }

    private void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    private static final class SilentJournal implements RolloutJournal {
        @Override
        public void record(RolloutRecord record) {
            // The benchmark measures rollovers, not a journal's storage.
        }

        @Override
        public void finished(RolloutRecord record, RolloverResult result) {
            // As above.
        }
    }
}
