package io.patchrun.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar ({@code target/patchrun.jar}, or the {@code patchrun.jar} system property {@code mvn verify} sets)
 * run as its own process from a folder of its own, as a user runs it ({@link PackagedJar}), its output in a log file
 * under {@code target/process-logs/}. Stopped the way a service manager does
 * ({@link #terminate()}, SIGTERM) or the way a crash does ({@link #kill()}, SIGKILL).
 */
public final class PatchrunProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "process-admin";
    private static final Duration START = Duration.ofMinutes(4);

    private final Process process;
    private final Path log;
    private final int port;

    private PatchrunProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the jar in {@code folder} (made when missing) on a free port, with nothing but the defaults the jar
     * carries and {@code args}, and waits until it answers.
     *
     * @param args more {@code --name=value} arguments
     */
    public static PatchrunProcess start(Path folder, String... args) throws IOException {
        Files.createDirectories(folder);
        int port = freePort();
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port));
        arguments.addAll(List.of(args));
        // Kept under target/, where a failed build can still be read, unlike the temporary folder.
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "process-logs")), "patchrun-" + System.currentTimeMillis() + "-", ".log");
        Process process = PackagedJar.start(folder, log, ADMIN_PASSWORD, arguments.toArray(String[]::new));
        PatchrunProcess started = new PatchrunProcess(process, log, port);
        started.awaitAnswer();
        return started;
    }

    public AppClient client() {
        return new AppClient(port);
    }

    /** GET as admin; the body, after checking the answer was 200. */
    public String getJson(String path) {
        var response = client().getAs("admin", ADMIN_PASSWORD, path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    /** POST as admin; the body, after checking the answer was {@code status}. */
    public String postJson(String path, String json, int status) {
        var response = client().postJsonAs("admin", ADMIN_PASSWORD, path, json);
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(status);
        return response.body();
    }

    /** SIGKILL: the process ends where it is, with no shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("killed process still running").isTrue();
    }

    /** SIGTERM, as {@code systemctl stop} sends, and returns at once. */
    public void terminate() throws IOException, InterruptedException {
        // Process.destroy() sends SIGTERM too, but only the first time; a second SIGTERM is a test of its own.
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the process to exit; whether it did within {@code within}. */
    public boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for assertion messages. */
    public String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private void awaitAnswer() {
        await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> !process.isAlive() || answers());
        assertThat(process.isAlive()).as("exited with %s:\n%s", process.isAlive() ? "" : process.exitValue(), tail()).isTrue();
    }

    private boolean answers() {
        try {
            return client().get("/login").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
