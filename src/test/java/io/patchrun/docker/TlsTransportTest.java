package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.patchrun.image.ImageRef;
import io.patchrun.status.EngineProbes;
import io.patchrun.status.EngineStatus;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.TlsDockerd;
import io.patchrun.watch.RegistryLogins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A second engine that lets in only TLS with client certificates, reached the way a {@code tcp://} engine with a cert path is. */
@EngineTest
class TlsTransportTest {

    private static Path folder;
    private static TlsDockerd tls;

    private final Engine engine;

    TlsTransportTest(Engine engine) {
        this.engine = engine;
    }

    @BeforeAll
    static void startTlsEngine() throws IOException {
        folder = Files.createTempDirectory("prtls");
        tls = TlsDockerd.start(folder.resolve("d"));
    }

    @AfterAll
    static void stopTlsEngine() throws IOException {
        if (tls != null) {
            tls.close();
        }
        Files.deleteIfExists(folder);
    }

    @Test
    void clientWithTheEnginesCertificates_runsAContainerAndListsIt() throws Exception {
        ImageRef base = engine.makeBase("tls-base", "1");
        String image = base.familiarName() + ":" + base.tag();
        try (DockerClient docker = DockerClients.connectTo(address(tls.clientCerts("patchrun")))) {
            docker.pullImageCmd(base.familiarName()).withTag(base.tag()).exec(new PullImageResultCallback()).awaitCompletion(60, TimeUnit.SECONDS);
            String id = docker.createContainerCmd(image).withCmd("sh", "-c", "echo reached over TLS").withLabels(engine.labels())
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
            docker.startContainerCmd(id).exec();
            assertThat(docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS)).isZero();

            List<Container> listed = docker.listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec();
            assertThat(listed).extracting(Container::getId).containsExactly(id);
            assertThat(logs(docker, id)).isEqualTo("reached over TLS\n");
            docker.removeContainerCmd(id).withForce(true).exec();
            docker.removeImageCmd(image).withForce(true).exec();
        }
    }

    @Test
    void patchrunDockerSettings_reachTheEngineOverTls() {
        Path certs = tls.clientCerts("settings");
        new ApplicationContextRunner().withUserConfiguration(DockerConfiguration.class)
                .withBean(RegistryLogins.class, () -> new RegistryLogins(List.of(), Path.of("no-docker-config.json"), List.of(), Clock.systemUTC()))
                .withPropertyValues("patchrun.docker.host=" + tls.host(), "patchrun.docker.tls-cert-path=" + certs)
                .run(context -> {
                    EngineStatus status = context.getBean(EngineProbes.class).probes().get(0).probe();
                    assertThat(status.answers()).as(status.problem()).isTrue();
                    assertThat(status.host()).isEqualTo(tls.host());
                });
    }

    @Test
    void tlsCertPathForAUnixSocket_stopsTheStart_namingBothSettings() {
        new ApplicationContextRunner().withUserConfiguration(DockerConfiguration.class)
                .withBean(RegistryLogins.class, () -> new RegistryLogins(List.of(), Path.of("no-docker-config.json"), List.of(), Clock.systemUTC()))
                .withPropertyValues("patchrun.docker.host=unix:///var/run/docker.sock", "patchrun.docker.tls-cert-path=/etc/patchrun/certs")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage("patchrun.docker.tls-cert-path is set, but "
                        + "patchrun.docker.host (unix:///var/run/docker.sock) is not a tcp:// address; TLS client certificates are for "
                        + "tcp:// engines only"));
    }

    @Test
    void clientCertificateFromAnotherCa_isRefused_namingTheCertificate() throws IOException {
        Path certs = tls.foreignClientCerts("stranger");
        try (DockerClient docker = DockerClients.connectTo(address(certs))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("the engine refused the TLS client certificate " + certs.resolve("cert.pem"))
                    .hasMessageContaining("patchrun.engines[0].tls-cert-path");
        }
    }

    @Test
    void engineCertificateNotSignedByCaPem_isNotTrusted() throws IOException {
        Path certs = tls.clientCerts("wrong-ca");
        Files.copy(tls.foreignClientCerts("stranger-ca").resolve("cert.pem"), certs.resolve("ca.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (DockerClient docker = DockerClients.connectTo(address(certs))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("the engine's TLS certificate is not trusted: it must be signed by " + certs.resolve("ca.pem"));
        }
    }

    @Test
    void engineCertificateNotNamingTheHost_isNotTrusted() throws IOException {
        Path certs = tls.clientCerts("by-name");
        // The engine's certificate names IP 127.0.0.1 only.
        String byName = tls.host().replace("127.0.0.1", "localhost");
        try (DockerClient docker = DockerClients.connectTo(new EngineAddress("patchrun.engines[0]", byName, certs, null, null))) {
            assertThatThrownBy(() -> docker.pingCmd().exec())
                    .isInstanceOf(EngineUnreachableException.class)
                    .hasMessageContaining("the engine's TLS certificate is not trusted")
                    .hasMessageContaining("name the host of " + byName);
        }
    }

    @Test
    void rsaKeyInPkcs1Form_isUsedAsWell() throws Exception {
        Path certs = tls.clientCerts("pkcs1");
        Process convert = new ProcessBuilder("openssl", "rsa", "-in", "key.pem", "-traditional", "-out", "key.pem")
                .directory(certs.toFile()).redirectErrorStream(true).start();
        assertThat(convert.waitFor()).as(new String(convert.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readString(certs.resolve("key.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (DockerClient docker = DockerClients.connectTo(address(certs))) {
            assertThat(docker.versionCmd().exec().getApiVersion()).isNotBlank();
        }
    }

    @Test
    void missingKey_failsAtConnect_namingTheSettingAndTheFile() throws IOException {
        Path certs = tls.clientCerts("no-key");
        Files.delete(certs.resolve("key.pem"));
        assertThatThrownBy(() -> DockerClients.connectTo(address(certs)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("patchrun.engines[0].tls-cert-path: " + certs.resolve("key.pem")
                        + " is missing; the folder must hold ca.pem, cert.pem and key.pem");
    }

    @Test
    void unreadableKey_failsAtConnect_namingTheSettingAndTheFile() throws IOException {
        Path certs = tls.clientCerts("bad-key");
        Files.writeString(certs.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> DockerClients.connectTo(address(certs)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("patchrun.engines[0].tls-cert-path: " + certs.resolve("key.pem"));
    }

    private static EngineAddress address(Path certs) {
        return new EngineAddress("patchrun.engines[0]", tls.host(), certs, null, null);
    }

    private static String logs(DockerClient docker, String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString();
    }

}
