package io.patchrun.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import org.awaitility.Awaitility;
import org.opentest4j.TestAbortedException;

import io.patchrun.docker.DockerClients;

/**
 * A second Docker engine that answers only TLS with client certificates, on {@code tcp://127.0.0.1:<free port>}: its own
 * CA, server and client certificates made with {@code openssl}, its own data, exec root, pid file and unix socket under
 * the test's folder, a bridge of its own ({@link TestBridge}) and no iptables rules, so it does not touch the machine's
 * engine. {@link #close()} stops it by its pid and removes its folder.
 *
 * <p>Without {@code dockerd} or {@code openssl}, or not as root, the test is skipped with the reason, except in CI
 * ({@code CI=true}), where that is a failure.
 */
public final class TlsDockerd implements AutoCloseable {

    private static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    private static final Duration START = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final Process process;
    private final TestBridge bridge;

    private TlsDockerd(Path dir, int port, Process process, TestBridge bridge) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.bridge = bridge;
    }

    /**
     * Makes the certificates under {@code dir} and starts the engine; returns once it answers on its unix socket. The
     * folder must have a short path: the engine puts its own sockets under it.
     */
    public static TlsDockerd start(Path dir) throws IOException {
        require();
        Path pki = Files.createDirectories(dir.resolve("pki"));
        makeCa(pki, "ca");
        sign(pki, "ca", "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        int port = freePort();
        Path log = dir.resolve("dockerd.log");
        TestBridge bridge = TestBridge.create();
        Process process;
        try {
            process = new ProcessBuilder(DOCKERD.toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("pid").toString(), "-H", "unix://" + dir.resolve("sock"),
                "-H", "tcp://127.0.0.1:" + port, "--tlsverify", "--tlscacert", pki.resolve("ca.pem").toString(),
                "--tlscert", pki.resolve("server-cert.pem").toString(), "--tlskey", pki.resolve("server-key.pem").toString(),
                "--bridge", bridge.name(), "--iptables=false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            bridge.close();
            throw e;
        }
        TlsDockerd engine = new TlsDockerd(dir, port, process, bridge);
        try (DockerClient local = DockerClients.connect("unix://" + dir.resolve("sock"))) {
            Awaitility.await("the TLS engine answering on " + dir.resolve("sock")).atMost(START).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("dockerd exited with " + process.exitValue() + "; its log:\n" + engine.log());
                        }
                        local.pingCmd().exec();
                        return true;
                    });
        } catch (RuntimeException | Error e) {
            engine.close();
            throw new AssertionError("the TLS engine did not start; its log:\n" + engine.log(), e);
        }
        return engine;
    }

    /** {@code tcp://127.0.0.1:PORT}, where only TLS with a client certificate signed by its CA is let in. */
    public String host() {
        return "tcp://127.0.0.1:" + port;
    }

    /** A folder as {@code DOCKER_CERT_PATH} lays it out, with a client certificate this engine accepts. */
    public Path clientCerts(String name) {
        return client(name, "ca");
    }

    /**
     * A folder with a client certificate signed by a CA of its own, which this engine does not trust; its {@code ca.pem}
     * is still the engine's CA, so that only the client side is wrong.
     */
    public Path foreignClientCerts(String name) {
        Path pki = dir.resolve("pki");
        if (!Files.exists(pki.resolve("foreign.pem"))) {
            makeCa(pki, "foreign");
        }
        return client(name, "foreign");
    }

    private Path client(String name, String ca) {
        Path pki = dir.resolve("pki");
        sign(pki, ca, name, "extendedKeyUsage=clientAuth\n");
        try {
            Path folder = Files.createDirectories(dir.resolve("clients").resolve(name));
            Files.copy(pki.resolve("ca.pem"), folder.resolve("ca.pem"));
            Files.copy(pki.resolve(name + "-cert.pem"), folder.resolve("cert.pem"));
            Files.copy(pki.resolve(name + "-key.pem"), folder.resolve("key.pem"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void makeCa(Path pki, String name) {
        Commands.run(pki, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + "-key.pem", "-out", name + ".pem", "-days", "2", "-subj", "/CN=patchrun test " + name);
    }

    private static void sign(Path pki, String ca, String name, String extensions) {
        try {
            Files.writeString(pki.resolve(name + ".ext"), extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.run(pki, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out", name + ".csr",
                "-subj", "/CN=" + name);
        Commands.run(pki, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem",
                "-CAcreateserial", "-out", name + "-cert.pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void require() {
        String problem = !Files.isExecutable(DOCKERD) ? DOCKERD + " is not installed (Debian package docker.io)"
                : !Files.isExecutable(Path.of("/usr/bin/openssl")) ? "openssl is not installed"
                : !"root".equals(System.getProperty("user.name")) ? "a second dockerd needs root" : null;
        if (problem != null) {
            String message = "no TLS engine for the TLS transport tests: " + problem + "; run config/engine.sh up as root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            throw new TestAbortedException(message);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** What the engine logged so far. */
    public String log() {
        try {
            Path log = dir.resolve("dockerd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }

    /** Stops the engine by its pid, waits for it and its own containerd to end, and removes its folder. */
    @Override
    public void close() {
        List<ProcessHandle> all = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : all) {
                child.destroy();
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            all.forEach(ProcessHandle::destroyForcibly);
        }
        Commands.run(dir.getParent(), "rm", "-rf", dir.toString());
        bridge.close();
    }
}
