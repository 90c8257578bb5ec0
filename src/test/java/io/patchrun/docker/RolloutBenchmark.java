package io.patchrun.docker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.bench.Prober;
import io.patchrun.container.Containers;
import io.patchrun.image.ImageRef;
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
import io.patchrun.time.Pause;

/**
 * What a rollover costs on the real engine: the outage of one fast-stopping container, and the wall time of
 * eight slow-stopping containers (busybox httpd as PID 1 ignores SIGTERM, so each stop waits its timeout)
 * rolled one at a time and four at a time, and how long a container publishing a port on 127.0.0.1 goes without
 * answering when it is replaced, by Patchrun and the docker CLI's way (stop, remove, run): the engine's own floor,
 * since either way the new container can start only once the engine has torn the old one down and let go of its
 * port. Prints the figures and writes them to target/benchmarks/rollout.txt.
 */
@Tag("benchmark")
@EngineTest
class RolloutBenchmark {

    private static final int FLEET = 8;
    private static final Duration SLOW_STOP = Duration.ofSeconds(2);
    private static final int CUTOVERS = 10;
    private static final Duration PROBE_EVERY = Duration.ofMillis(10);

    private final List<String> report = new ArrayList<>();

    @Test
    void rolloutCosts(Engine engine, @TempDir Path work) throws IOException, InterruptedException {
        RolloutImages images = new RolloutImages(engine, work);
        String fast = "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait\"]";
        String slow = "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]";
        List<String> fastVersions = List.of(images.web("fast", "v1", "v1", fast), images.web("fast", "v2", "v2", fast));
        List<String> slowVersions = List.of(images.web("slow", "v1", "v1", slow), images.web("slow", "v2", "v2", slow), images.web("slow", "v3", "v3", slow));
        Containers containers = new DockerContainers(engine.docker());
        Rollover rollover = new Rollover(containers, new SilentJournal(), Clock.systemUTC(), Pause.sleeping());

        singleContainerOutage(engine, rollover, fastVersions);
        fleetWallTime(engine, containers, rollover, slowVersions);
        publishedPortOutage(engine, rollover, slowVersions);

        BenchmarkFigures.write("rollout", report);
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
            ContainerRollouts fleet = new ContainerRollouts(containers, rollover, pool);
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

    /**
     * One container publishing a port on 127.0.0.1, whose PID 1 ignores SIGTERM (stop timeout 1 s), replaced
     * {@value #CUTOVERS} times each way while it is probed every 10 ms; the longest time without an answer each time.
     */
    private void publishedPortOutage(Engine engine, Rollover rollover, List<String> versions)
            throws InterruptedException, IOException {
        String name = engine.token() + "-published";
        int port = freePort();
        String current = versions.get(0);
        String id = createPublished(engine, current, name, port);
        engine.docker().startContainerCmd(id).exec();
        RolloutPolicy policy = RolloutPolicy.defaults().withStopTimeout(Duration.ofSeconds(1));
        Map<String, List<Duration>> outages = Map.of("patchrun", new ArrayList<>(), "docker CLI", new ArrayList<>());
        for (int round = 0; round < CUTOVERS; round++) {
            for (String way : List.of("patchrun", "docker CLI")) {
                current = versions.get(versions.indexOf(current) == 0 ? 1 : 0);
                String next = current;
                Prober prober = new Prober(Map.of(name, port), PROBE_EVERY, Duration.ofMinutes(1));
                awaitAnswer(port);
                prober.start();
                switch (way) {
                    case "patchrun" -> {
                        RolloverResult result = rollover.rollOver(name, next, policy);
                        if (result.status() != RolloverResult.Status.DEPLOYED) {
                            throw new AssertionError("rollover failed: " + result);
                        }
                    }
                    default -> {
                        engine.docker().stopContainerCmd(name).withTimeout(Math.toIntExact(policy.stopTimeout().toSeconds())).exec();
                        engine.docker().removeContainerCmd(name).exec();
                        engine.docker().startContainerCmd(createPublished(engine, next, name, port)).exec();
                    }
                }
                awaitAnswer(port);
                Thread.sleep(200);
                outages.get(way).add(prober.stop().get(name));
            }
        }
        line("one container publishing a port on 127.0.0.1, PID 1 ignores SIGTERM (stop timeout 1 s), probed every %d ms, %d"
                + " replacements each way: longest time without an answer", PROBE_EVERY.toMillis(), CUTOVERS);
        for (String way : List.of("patchrun", "docker CLI")) {
            List<Duration> sorted = outages.get(way).stream().sorted().toList();
            line("  %-16s min %s, median %s, max %s", way, ms(sorted.get(0)), ms(sorted.get(sorted.size() / 2)),
                    ms(sorted.get(sorted.size() - 1)));
        }
    }

    private static String createPublished(Engine engine, String image, String name, int port) {
        return engine.docker().createContainerCmd(image).withName(name).withLabels(engine.labels()).withExposedPorts(ExposedPort.tcp(8080))
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(8080))))
                .exec().getId();
    }

    private static void awaitAnswer(int port) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Prober.answers(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("nothing answers on 127.0.0.1:" + port);
            }
            Thread.sleep(10);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
