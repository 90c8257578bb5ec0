package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.rollout.Containers;
import io.patchrun.rollout.FleetRollout;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.RolloutTarget;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.RealEngine;

/**
 * What a rollover costs on the real engine: the outage of one fast-stopping container, and the wall time of
 * eight slow-stopping containers (busybox httpd as PID 1 ignores SIGTERM, so each stop waits its timeout)
 * rolled one at a time and four at a time. Prints the figures and writes them to target/benchmarks/rollout.txt.
 */
@Tag("benchmark")
@ExtendWith(RealEngine.class)
class RolloutBenchmark {

    private static final int FLEET = 8;
    private static final Duration SLOW_STOP = Duration.ofSeconds(2);

    private final List<String> report = new ArrayList<>();

    @Test
    void rolloutCosts(Engine engine, @TempDir Path work) throws IOException {
        RolloutImages images = new RolloutImages(engine, work);
        String fast = "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait\"]";
        String slow = "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]";
        List<String> fastVersions = List.of(images.web("fast", "v1", "v1", fast), images.web("fast", "v2", "v2", fast));
        List<String> slowVersions = List.of(images.web("slow", "v1", "v1", slow), images.web("slow", "v2", "v2", slow), images.web("slow", "v3", "v3", slow));
        Containers containers = new DockerContainers(engine.docker());
        Rollover rollover = new Rollover(containers, new SilentJournal(), Clock.systemUTC());

        singleContainerOutage(engine, rollover, fastVersions);
        fleetWallTime(engine, containers, rollover, slowVersions);

        Path out = Path.of("target", "benchmarks", "rollout.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private void singleContainerOutage(Engine engine, Rollover rollover, List<String> versions) {
        run(engine.docker(), versions.get(0), engine.token() + "-fast", engine);
        List<Duration> outages = new ArrayList<>();
        for (int round = 1; round <= 6; round++) {
            RolloverResult result = rollover.rollOver(engine.token() + "-fast", versions.get(round % 2), RolloutPolicy.defaults());
            outages.add(result.outage());
        }
        outages.sort(Comparator.naturalOrder());
        line("single container, stops on SIGTERM, 6 rollovers: outage (stop + renames + start) min %s, median %s, max %s",
                ms(outages.get(0)), ms(outages.get(outages.size() / 2)), ms(outages.get(outages.size() - 1)));
    }

    private void fleetWallTime(Engine engine, Containers containers, Rollover rollover, List<String> versions) {
        for (int i = 0; i < FLEET; i++) {
            run(engine.docker(), versions.get(0), engine.token() + "-slow-" + i, engine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(FLEET);
        try {
            FleetRollout fleet = new FleetRollout(containers, rollover, pool);
            RolloutPolicy policy = RolloutPolicy.defaults().withStopTimeout(SLOW_STOP);
            ImageRef image = ImageRef.parse(engine.token() + "/slow");
            for (int parallelism : List.of(1, 4)) {
                String target = versions.get(parallelism == 1 ? 1 : 2);
                Instant start = Instant.now();
                List<RolloverResult> results = fleet.rollOut(List.of(new RolloutTarget(image, target, policy)), parallelism);
                Duration wall = Duration.between(start, Instant.now());
                Duration maxOutage = results.stream().map(RolloverResult::outage).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
                long deployed = results.stream().filter(r -> r.status() == RolloverResult.Status.DEPLOYED).count();
                line("%d containers, each stop waits %d s, %d at a time: wall %s, longest outage %s, %d of %d deployed",
                        FLEET, SLOW_STOP.toSeconds(), parallelism, ms(wall), ms(maxOutage), deployed, results.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(DockerClient docker, String image, String name, Engine engine) {
        String id = docker.createContainerCmd(image).withName(name).withLabels(engine.labels()).exec().getId();
        docker.startContainerCmd(id).exec();
    }

    private void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    private static String ms(Duration duration) {
        return duration.toMillis() + " ms";
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
