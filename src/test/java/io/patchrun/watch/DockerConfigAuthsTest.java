package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigAuthsTest {

    @TempDir
    Path dir;

    @Test
    void read_decodesBase64AuthOfEachServer() throws IOException {
        Path config = write("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("hubuser:hub:pass") + "\"},"
                + "\"127.0.0.1:5000\":{\"auth\":\"" + base64("local:secret") + "\"}},"
                + "\"credsStore\":\"desktop\"}");

        assertThat(DockerConfigAuths.read(config)).containsExactly(
                new RegistryCredentials("https://index.docker.io/v1/", "hubuser", "hub:pass"),
                new RegistryCredentials("127.0.0.1:5000", "local", "secret"));
    }

    @Test
    void read_takesPlainUsernameAndPassword_whenEntryHasNoAuth() throws IOException {
        Path config = write("{\"auths\":{\"ghcr.io\":{\"username\":\"bot\",\"password\":\"pw\"}}}");

        assertThat(DockerConfigAuths.read(config)).containsExactly(new RegistryCredentials("ghcr.io", "bot", "pw"));
    }

    @Test
    void read_skipsEntriesKeptByCredentialHelper() throws IOException {
        Path config = write("{\"auths\":{\"ghcr.io\":{}},\"credHelpers\":{\"ghcr.io\":\"gh\"}}");

        assertThat(DockerConfigAuths.read(config)).isEmpty();
    }

    @Test
    void read_givesNoLogins_whenFileDoesNotExist() {
        assertThat(DockerConfigAuths.read(dir.resolve("missing.json"))).isEqualTo(List.of());
    }

    @Test
    void read_failsNamingFileAndServer_whenAuthIsNotBase64OfUserAndPassword() throws IOException {
        Path config = write("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("no-colon") + "\"}}}");

        assertThatThrownBy(() -> DockerConfigAuths.read(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("'ghcr.io'")
                .hasMessageContaining("docker login ghcr.io");
    }

    @Test
    void read_failsNamingFile_whenItIsNotJson() throws IOException {
        Path config = write("{\"auths\": ");

        assertThatThrownBy(() -> DockerConfigAuths.read(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("not valid JSON");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
