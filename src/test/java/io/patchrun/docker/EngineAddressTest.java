package io.patchrun.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Engine addresses as the settings give them, and what making a client of one does before any call. */
@ExtendWith(OutputCaptureExtension.class)
class EngineAddressTest {

    @Test
    void unknownScheme_isRefused_withTheFormsThatWork() {
        assertThatThrownBy(() -> EngineAddress.of("patchrun.engines[1]", "http://engine:2375"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("patchrun.engines[1].host: http://engine:2375 is not an engine address; use unix:///var/run/docker.sock, "
                        + "tcp://HOST:PORT or ssh://USER@HOST[:PORT]");
    }

    @Test
    void blankHost_meansTheDockerHostDefault() {
        assertThat(EngineAddress.of("patchrun.docker", "  ").host()).isNull();
    }

    @Test
    void sshAddressWithAPath_isRefusedAtConnect() {
        assertThatThrownBy(() -> DockerClients.connectTo(EngineAddress.of("patchrun.docker", "ssh://root@engine.example.com/var/run")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("patchrun.docker.host: ssh://root@engine.example.com/var/run is not an SSH engine address; use ssh://USER@HOST[:PORT]");
    }

    @Test
    void plainTcpToAnotherMachine_isWarnedAboutOnce(CapturedOutput output) throws IOException {
        String host = "tcp://192.0.2.7:2375";
        try (DockerClient first = DockerClients.connectTo(EngineAddress.of("patchrun.engines[0]", host));
                DockerClient second = DockerClients.connectTo(EngineAddress.of("patchrun.engines[0]", host))) {
            assertThat(output.getAll().split("plain TCP, unencrypted and unauthenticated", -1)).hasSize(2);
            assertThat(output.getAll()).contains("patchrun.engines[0].host is " + host)
                    .contains("Set patchrun.engines[0].tls-cert-path to a folder with ca.pem, cert.pem and key.pem");
        }
    }

    @Test
    void plainTcpToLoopback_isNotWarnedAbout(CapturedOutput output) throws IOException {
        try (DockerClient docker = DockerClients.connectTo(EngineAddress.of("patchrun.docker", "tcp://127.0.0.1:2375"))) {
            assertThat(output.getAll()).doesNotContain("plain TCP");
        }
    }

    @Test
    void homeInAConfiguredPath_isTheUsersHome() {
        DockerProperties properties = new DockerProperties("ssh://deploy@engine", null, "~/.ssh/deploy_key", " ");
        assertThat(properties.address().sshKey()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/deploy_key"));
        assertThat(properties.address().knownHosts()).isNull();
    }
}
