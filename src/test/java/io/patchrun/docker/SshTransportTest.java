package io.patchrun.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.patchrun.image.ImageRef;
import io.patchrun.status.EngineProbes;
import io.patchrun.status.EngineStatus;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.SshGitServer;
import io.patchrun.watch.RegistryLogins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The machine's engine reached as {@code ssh://root@127.0.0.1:PORT} through a real OpenSSH server, whose {@code docker}
 * CLI answers {@code docker system dial-stdio} with a connection to the engine's socket.
 */
@EngineTest
class SshTransportTest {

    private static SshGitServer server;
    private static Path key;
    private static Path knownHosts;
    private static String image;

    private final Engine engine;
    @TempDir
    Path folder;

    SshTransportTest(Engine engine) {
        this.engine = engine;
    }

    @BeforeAll
    static void startSshServer(Engine engine, @TempDir Path dir) throws Exception {
        server = SshGitServer.start(dir.resolve("sshd"));
        key = SshGitServer.newKey(dir.resolve("id_ed25519"), "ed25519", "");
        server.authorize(key);
        knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        ImageRef base = engine.makeBase("ssh-base", "1");
        image = base.familiarName() + ":" + base.tag();
    }

    @AfterAll
    static void stopSshServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runsInspectsAndListsAContainer_andStreamsItsLongLog() throws Exception {
        try (DockerClient docker = DockerClients.connectTo(address(key, knownHosts))) {
            String id = run(docker, "seq 1 100000");
            assertThat(docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS)).isZero();

            assertThat(docker.inspectContainerCmd(id).exec().getConfig().getLabels()).containsAllEntriesOf(engine.labels());
            assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec())
                    .extracting(Container::getId).contains(id);
            String log = logs(docker, id);
            assertThat(log.lines()).hasSize(100000).startsWith("1", "2").endsWith("100000");
        }
    }

    @Test
    void patchrunDockerSettings_reachTheEngineOverSsh() {
        new ApplicationContextRunner().withUserConfiguration(DockerConfiguration.class)
                .withBean(RegistryLogins.class, () -> new RegistryLogins(List.of(), Path.of("no-docker-config.json"), List.of(), Clock.systemUTC()))
                .withPropertyValues("patchrun.docker.host=ssh://root@127.0.0.1:" + server.port(), "patchrun.docker.ssh-key=" + key,
                        "patchrun.docker.known-hosts=" + knownHosts)
                .run(context -> {
                    EngineStatus status = context.getBean(EngineProbes.class).probes().get(0).probe();
                    assertThat(status.answers()).as(status.problem()).isTrue();
                    assertThat(status.host()).isEqualTo("ssh://root@127.0.0.1:" + server.port());
                    assertThat(status.version()).isEqualTo(engine.docker().versionCmd().exec().getVersion());
                });
    }

    @Test
    void droppedSession_isReplacedByTheNextCall() throws IOException {
        try (DockerClient docker = DockerClients.connectTo(address(key, knownHosts))) {
            docker.pingCmd().exec();
            long loginsBefore = logins();
            server.dropSessions();

            // A pooled connection that went down with its session can fail one call that the HTTP client does not retry.
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                docker.pingCmd().exec();
                return true;
            });
            assertThat(docker.versionCmd().exec().getApiVersion()).isNotBlank();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logins() > loginsBefore);
        }
    }

    @Test
    void concurrentRequests_beyondOneSessionsChannels_allAnswer() throws Exception {
        int requests = 16;
        long loginsBefore = logins();
        try (DockerClient docker = DockerClients.connectTo(address(key, knownHosts))) {
            String id = run(docker, "sleep 2");
            ExecutorService threads = Executors.newFixedThreadPool(requests);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> waits = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    // Each wait holds its connection until the container exits, so all are open at once.
                    waits.add(threads.submit(() -> {
                        start.await();
                        return docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
                    }));
                }
                start.countDown();
                for (Future<Integer> wait : waits) {
                    assertThat(wait.get(90, TimeUnit.SECONDS)).isZero();
                }
                // sshd lets one session carry 10 channels; 16 open connections need a second session.
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logins() - loginsBefore >= 2);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void unknownHostKey_isRefused_withTheCommandThatAddsIt() throws IOException {
        Path empty = Files.writeString(folder.resolve("known_hosts"), "");
        try (DockerClient docker = DockerClients.connectTo(address(key, empty))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("the SSH host key of 127.0.0.1 port " + server.port() + " (ssh-ed25519 SHA256:")
                    .hasMessageContaining("is unknown: it is not in " + empty + " (patchrun.engines[0].known-hosts)")
                    .hasMessageContaining("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + empty);
        }
    }

    @Test
    void changedHostKey_isRefused() throws IOException {
        Path other = SshGitServer.newKey(folder.resolve("other_host_key"), "ed25519", "");
        Path changed = Files.writeString(folder.resolve("known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + Files.readString(Path.of(other + ".pub")).strip() + "\n");
        try (DockerClient docker = DockerClients.connectTo(address(key, changed))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("the SSH host key of 127.0.0.1 port " + server.port() + " has changed")
                    .hasMessageContaining("Patchrun refuses it");
        }
    }

    @Test
    void keyTheServerDoesNotKnow_isRefused_namingTheKey() throws IOException {
        Path stranger = SshGitServer.newKey(folder.resolve("id_stranger"), "ed25519", "");
        try (DockerClient docker = DockerClients.connectTo(address(stranger, knownHosts))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("SSH login as root to 127.0.0.1 port " + server.port() + " with the key " + stranger
                            + " (patchrun.engines[0].ssh-key) was refused");
        }
    }

    @Test
    void remoteDockerThatCannotReachItsEngine_failsTheCall_withWhatItPrinted() throws IOException {
        Path forced = SshGitServer.newKey(folder.resolve("id_forced"), "ed25519", "");
        server.authorize(forced, "command=\"DOCKER_HOST=unix:///nowhere/docker.sock docker system dial-stdio\"");
        try (DockerClient docker = DockerClients.connectTo(address(forced, knownHosts))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("docker system dial-stdio on ssh://root@127.0.0.1:" + server.port() + " exited with 1: ")
                    .hasMessageContaining("dial unix /nowhere/docker.sock: connect: no such file or directory")
                    .hasMessageContaining("the SSH user needs the docker CLI on its PATH and access to the engine's socket");
        }
    }

    @Test
    void missingKnownHostsFile_failsAtConnect_namingTheSetting() {
        Path missing = folder.resolve("nowhere/known_hosts");
        assertThatThrownBy(() -> DockerClients.connectTo(address(key, missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("patchrun.engines[0].known-hosts: the known_hosts file " + missing + " does not exist");
    }

    @Test
    void closingTheClient_removesItsLocalSocket() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = tunnels(tmp);
        DockerClient docker = DockerClients.connectTo(address(key, knownHosts));
        docker.pingCmd().exec();
        assertThat(tunnels(tmp)).hasSize(before.size() + 1);
        docker.close();
        assertThat(tunnels(tmp)).containsExactlyInAnyOrderElementsOf(before);
    }

    private static long logins() {
        return server.log().lines().filter(line -> line.contains("Accepted publickey for root")).count();
    }

    private static List<Path> tunnels(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(file -> file.getFileName().toString().startsWith("patchrun-ssh-")).toList();
        }
    }

    private EngineAddress address(Path sshKey, Path hosts) {
        return new EngineAddress("patchrun.engines[0]", "ssh://root@127.0.0.1:" + server.port(), null, sshKey, hosts);
    }

    private String run(DockerClient docker, String command) {
        String id = docker.createContainerCmd(image).withCmd("sh", "-c", command).withLabels(engine.labels())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static String logs(DockerClient docker, String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        AtomicLong frames = new AtomicLong();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                frames.incrementAndGet();
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(60, TimeUnit.SECONDS);
        return out.toString();
    }
}
