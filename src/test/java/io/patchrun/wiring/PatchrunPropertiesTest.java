package io.patchrun.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.patchrun.source.GitCredentials;

/** The Git settings under the names the README gives them, bound as Spring binds them at start. */
class PatchrunPropertiesTest {

    private static PatchrunProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("patchrun", PatchrunProperties.class);
    }

    @Test
    void gitSettings_bindLoginsOfBothKinds_andTheKnownHostsFile() {
        PatchrunProperties properties = bind(Map.of(
                "patchrun.git.known-hosts", "/etc/patchrun/known_hosts",
                "patchrun.git.credentials[0].url-prefix", "https://git.example.com/team/",
                "patchrun.git.credentials[0].username", "bot",
                "patchrun.git.credentials[0].password", "t0ken",
                "patchrun.git.credentials[1].url-prefix", "git@git.example.com",
                "patchrun.git.credentials[1].ssh-key", "/etc/patchrun/deploy",
                "patchrun.git.credentials[1].passphrase", "pass phrase"));

        assertThat(properties.git().knownHosts()).isEqualTo(Path.of("/etc/patchrun/known_hosts"));
        assertThat(properties.git().credentials()).containsExactly(
                new GitCredentials("https://git.example.com/team/", "bot", "t0ken", null, null),
                new GitCredentials("git@git.example.com", null, null, Path.of("/etc/patchrun/deploy"), "pass phrase"));
    }

    @Test
    void gitSettings_default_toNoLoginsAndTheUsersKnownHosts() {
        assertThat(bind(Map.of()).git().credentials()).isEmpty();
        assertThat(bind(Map.of()).git().knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    @Test
    void aLoginThatCannotWork_stopsTheStart_withTheReason() {
        assertThatThrownBy(() -> bind(Map.of(
                "patchrun.git.credentials[0].url-prefix", "git@git.example.com",
                "patchrun.git.credentials[0].password", "pw")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("Git credentials for url-prefix 'git@git.example.com': an SSH login needs ssh-key");
    }
}
