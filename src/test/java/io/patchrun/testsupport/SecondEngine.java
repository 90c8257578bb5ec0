package io.patchrun.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import org.awaitility.Awaitility;

import io.patchrun.docker.DockerClients;

/**
 * A second Docker engine beside the one {@code config/engine.sh up} starts, for tests of several engines: a
 * {@code dockerd} with its data, state, pid file and socket in a temporary folder, and no iptables rules (its
 * containers use {@code --network none} or the host's network). {@link #stop()} ends it by its pid and waits for it;
 * {@link #close()} also removes the folder and its bridge, leaving the machine as it was.
 *
 * <p>It gets a bridge of its own ({@code -b prbr...}), made here: a dockerd started with {@code --bridge none} deletes
 * the interface {@code docker0}, which the first engine's default network needs.
 */
public final class SecondEngine implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Path dir;
    private final TestBridge bridge;
    private final Process process;
    private final DockerClient docker;

    private SecondEngine(Path dir, TestBridge bridge, Process process, DockerClient docker) {
        this.dir = dir;
        this.bridge = bridge;
        this.process = process;
        this.docker = docker;
    }

    /** Starts the engine and waits until it answers. */
    public static SecondEngine start() {
        Path dir;
        try {
            // Short, so the socket's path stays within the 108 bytes a unix socket address may have.
            dir = Files.createTempDirectory(Path.of("/tmp"), "pr-engine-");
        } catch (IOException e) {
            throw new UncheckedIOException("making the second engine's folder", e);
        }
        TestBridge bridge = null;
        Process process;
        try {
            bridge = TestBridge.create();
            process = new ProcessBuilder("dockerd", "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("pid").toString(), "-H", "unix://" + dir.resolve("sock"), "--bridge", bridge.name(), "--iptables=false",
                    "--ip-masq=false", "--shutdown-timeout", "1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        } catch (IOException e) {
            delete(dir);
            if (bridge != null) {
                bridge.close();
            }
            throw new UncheckedIOException("starting a second dockerd (is the docker.io package installed? config/engine.sh up installs it)", e);
        }
        DockerClient docker = DockerClients.connect("unix://" + dir.resolve("sock"));
        SecondEngine engine = new SecondEngine(dir, bridge, process, docker);
        try {
            Awaitility.await("the second engine in " + dir + " answers").atMost(START).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("dockerd ended at start: " + Files.readString(dir.resolve("dockerd.log")));
                        }
                        docker.pingCmd().exec();
                        return true;
                    });
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** Its address, {@code unix:///tmp/pr-engine-.../sock}. */
    public String host() {
        return "unix://" + dir.resolve("sock");
    }

    public DockerClient docker() {
        return docker;
    }

    /** Ends the engine (SIGTERM to its pid) and waits until it has exited; its containers end with it. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            docker.close();
        } catch (IOException e) {
            // The client only held connections to the engine that is gone now.
        }
        delete(dir);
        bridge.close();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("removing the second engine's folder " + dir, e);
        }
    }
}
