package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.BenchmarkFigures;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.SshGitServer;
import io.patchrun.testsupport.TlsDockerd;

/**
 * What the transports cost against the engine's own unix socket: the first call of a new client (connecting, and the
 * TLS handshake or the SSH login), a call on a connection already open, and a long streamed answer (a container's
 * 20 MB log). SSH is measured against the machine's engine, TLS against a second engine, each beside that engine's
 * unix socket. Prints the figures and writes them to target/benchmarks/transports.txt.
 */
@Tag("benchmark")
@EngineTest
class TransportBenchmark {

    private static final int NEW_CLIENTS = 10;
    private static final int WARM_CALLS = 300;
    // One line of 20 MB: the engine splits it into 16 kB messages, so the figure is the transport's, not docker-java's per-frame cost.
    private static final String LOG_COMMAND = "seq -s , 1 2700000";

    private final Engine engine;
    private final List<String> report = new ArrayList<>();

    TransportBenchmark(Engine engine) {
        this.engine = engine;
    }

    @Test
    void transports(@TempDir Path dir) throws Exception {
        ImageRef base = engine.makeBase("transport-base", "1");
        String image = base.familiarName() + ":" + base.tag();
        try (SshGitServer server = SshGitServer.start(dir.resolve("sshd"))) {
            Path key = SshGitServer.newKey(dir.resolve("id_ed25519"), "ed25519", "");
            server.authorize(key);
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
            measure("machine's engine, unix socket", EngineAddress.of("patchrun.docker", null), image);
            measure("machine's engine, ssh://", new EngineAddress("patchrun.docker", "ssh://root@127.0.0.1:" + server.port(), null, key,
                    knownHosts), image);
        }
        Path tlsDir = Files.createTempDirectory("prtlsb");
        try (TlsDockerd tls = TlsDockerd.start(tlsDir.resolve("d"))) {
            Path certs = tls.clientCerts("bench");
            try (DockerClient docker = DockerClients.connectTo(new EngineAddress("patchrun.docker", tls.host(), certs, null, null))) {
                docker.pullImageCmd(base.familiarName()).withTag(base.tag()).exec(new PullImageResultCallback()).awaitCompletion(60, TimeUnit.SECONDS);
            }
            measure("second engine, unix socket", EngineAddress.of("patchrun.docker", "unix://" + tlsDir.resolve("d/sock")), image);
            measure("second engine, tcp:// with TLS", new EngineAddress("patchrun.docker", tls.host(), certs, null, null), image);
        } finally {
            Files.deleteIfExists(tlsDir);
        }
        BenchmarkFigures.printAndWrite("transports", report);
    }

    private void measure(String name, EngineAddress address, String image) throws Exception {
        long[] first = new long[NEW_CLIENTS];
        for (int i = 0; i < NEW_CLIENTS; i++) {
            long start = System.nanoTime();
            try (DockerClient docker = DockerClients.connectTo(address)) {
                docker.pingCmd().exec();
                first[i] = System.nanoTime() - start;
            }
        }
        try (DockerClient docker = DockerClients.connectTo(address)) {
            long[] warm = new long[WARM_CALLS];
            for (int i = 0; i < WARM_CALLS; i++) {
                long start = System.nanoTime();
                docker.versionCmd().exec();
                warm[i] = System.nanoTime() - start;
            }
            String id = docker.createContainerCmd(image).withCmd("sh", "-c", LOG_COMMAND).withLabels(engine.labels())
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(120, TimeUnit.SECONDS);
            AtomicLong bytes = new AtomicLong();
            long start = System.nanoTime();
            docker.logContainerCmd(id).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    bytes.addAndGet(frame.getPayload().length);
                }
            }).awaitCompletion(120, TimeUnit.SECONDS);
            long logNanos = System.nanoTime() - start;
            docker.removeContainerCmd(id).withForce(true).exec();
            report.add(String.format("%-32s first call of a new client %6.1f ms (median of %d), a call on an open connection %5.2f ms "
                    + "(median of %d), a %.1f MB log streamed in %5.0f ms (%.0f MB/s)", name, ms(BenchmarkFigures.median(first)), NEW_CLIENTS,
                    ms(BenchmarkFigures.median(warm)), WARM_CALLS, bytes.get() / 1e6, ms(logNanos), bytes.get() / 1e6 / (logNanos / 1e9)));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
