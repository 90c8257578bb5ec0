package io.patchrun.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Linux bridge of its own for a second {@code dockerd} ({@code --bridge NAME}). A dockerd started with {@code --bridge none}
 * deletes the machine's {@code docker0}, which every build with a {@code RUN} step on the first engine needs; one given a
 * bridge of its own leaves {@code docker0} alone. {@link #close()} removes it.
 */
final class TestBridge implements AutoCloseable {

    private final String name;

    private TestBridge(String name) {
        this.name = name;
    }

    static TestBridge create() throws IOException {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String name = "prbr" + n + "-" + ThreadLocalRandom.current().nextInt(1000);
        command("ip", "link", "add", name, "type", "bridge");
        TestBridge bridge = new TestBridge(name);
        try {
            command("ip", "addr", "add", "10.254." + n + ".1/24", "dev", name);
            command("ip", "link", "set", name, "up");
        } catch (IOException e) {
            bridge.close();
            throw e;
        }
        return bridge;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            command("ip", "link", "del", name);
        } catch (IOException e) {
            throw new UncheckedIOException("removing the test bridge " + name, e);
        }
    }

    static void command(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
    }
}
