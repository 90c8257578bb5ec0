package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void read_decodesBase64AuthOfEachServer() throws IOException {
        Path config = write("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("hubuser:hub:pass") + "\"},"
                + "\"127.0.0.1:5000\":{\"auth\":\"" + base64("local:secret") + "\"}}}");

        String source = "the auths of " + config;
        assertThat(DockerConfigFile.read(config).auths()).containsExactly(
                new RegistryCredentials("https://index.docker.io/v1/", "hubuser", "hub:pass", source),
                new RegistryCredentials("127.0.0.1:5000", "local", "secret", source));
    }

    @Test
    void read_takesPlainUsernameAndPassword_whenEntryHasNoAuth() throws IOException {
        Path config = write("{\"auths\":{\"ghcr.io\":{\"username\":\"bot\",\"password\":\"pw\"}}}");

        assertThat(DockerConfigFile.read(config).stored("ghcr.io"))
                .contains(new RegistryCredentials("ghcr.io", "bot", "pw", "the auths of " + config));
    }

    @Test
    void read_keepsServersAndHelpers_whoseLoginsAProgramHolds() throws IOException {
        Path config = write("{\"auths\":{\"https://index.docker.io/v1/\":{},\"ghcr.io\":{}},"
                + "\"credsStore\":\"desktop\",\"credHelpers\":{\"registry.example.com\":\"ecr-login\"}}");

        DockerConfigFile file = DockerConfigFile.read(config);

        assertThat(file.auths()).isEmpty();
        assertThat(file.credsStore()).isEqualTo("desktop");
        assertThat(file.helperFor("registry.example.com")).contains(Map.entry("registry.example.com", "ecr-login"));
        assertThat(file.helperFor("registry.example.com.evil.net")).isEmpty();
        assertThat(file.serverFor("docker.io")).isEqualTo("https://index.docker.io/v1/");
        assertThat(file.serverFor("ghcr.io")).isEqualTo("ghcr.io");
        assertThat(file.serverFor("quay.io")).isEqualTo("quay.io");
    }

    @Test
    void read_refusesHelperName_thatIsAPath() throws IOException {
        Path config = write("{\"credHelpers\":{\"ghcr.io\":\"../../bin/sh\"}}");

        assertThatThrownBy(() -> DockerConfigFile.read(config))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("credHelpers.ghcr.io is '../../bin/sh', which is not a credential helper name");
    }

    @Test
    void read_givesNoLogins_whenFileDoesNotExist() {
        DockerConfigFile file = DockerConfigFile.read(dir.resolve("missing.json"));

        assertThat(file.auths()).isEqualTo(List.of());
        assertThat(file.credsStore()).isNull();
        assertThat(file.credHelpers()).isEmpty();
    }

    @Test
    void read_failsNamingFileAndServer_whenAuthIsNotBase64OfUserAndPassword() throws IOException {
        Path config = write("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("no-colon") + "\"}}}");

        assertThatThrownBy(() -> DockerConfigFile.read(config))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("'ghcr.io'")
                .hasMessageContaining("docker login ghcr.io");
    }

    @Test
    void read_failsNamingFileAndSetting_whenItIsNotJson() throws IOException {
        Path config = write("{\"auths\": ");

        assertThatThrownBy(() -> DockerConfigFile.read(config))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("patchrun.registry.docker-config");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
