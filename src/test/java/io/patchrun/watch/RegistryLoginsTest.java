package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.testsupport.CredentialHelperScript;
import io.patchrun.testsupport.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLoginsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    @Test
    void forRegistry_prefersConfiguredLogin_overDockerConfigLogins() throws IOException {
        Path config = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("docker-login:b") + "\"},"
                + "\"ghcr.io\":{\"auth\":\"" + base64("gh:c") + "\"}}}");
        RegistryLogins logins = logins(List.of(TestClients.configured("docker.io", "configured", "a")), config);

        assertThat(logins.forRegistry("docker.io")).map(RegistryCredentials::username).contains("configured");
        assertThat(logins.forRegistry("GHCR.io")).map(RegistryCredentials::username).contains("gh");
        assertThat(logins.forRegistry("quay.io")).isEmpty();
    }

    @Test
    void forRegistry_offersLoginOnlyToItsOwnRegistry_notToOneWhoseNameMerelyStartsWithIt() throws IOException {
        CredentialHelperScript helper = CredentialHelperScript.answering(dir.resolve("bin"), "vault",
                Map.of("registry.example.com.evil.net", List.of("leaked", "from-helper")));
        Path config = config("{\"auths\":{\"https://registry.example.com\":{\"auth\":\"" + base64("stored:x") + "\"}},"
                + "\"credHelpers\":{\"registry.example.com\":\"vault\"}}");
        RegistryLogins logins = new RegistryLogins(List.of(TestClients.configured("registry.example.com", "configured", "y")),
                config, List.of(dir.resolve("bin")), clock);

        assertThat(logins.forRegistry("registry.example.com")).map(RegistryCredentials::username).contains("configured");
        assertThat(logins.forRegistry("registry.example.com.evil.net")).isEmpty();
        assertThat(logins.forRegistry("registry.example.com:8443")).isEmpty();
        assertThat(logins.forRegistry("evil.registry.example.com")).isEmpty();
        assertThat(helper.calls()).as("the helper named for registry.example.com is asked for no other registry").isEmpty();
    }

    @Test
    void forRegistry_asksTheProgramCredHelpersNames_forThatRegistry() throws IOException {
        CredentialHelperScript helper = CredentialHelperScript.answering(dir.resolve("bin"), "vault",
                Map.of("registry.example.com", List.of("robot", "from-vault")));
        Path config = config("{\"credHelpers\":{\"registry.example.com\":\"vault\"},"
                + "\"auths\":{\"registry.example.com\":{\"auth\":\"" + base64("stored:x") + "\"}}}");

        Optional<RegistryCredentials> login = logins(config).forRegistry("registry.example.com");

        assertThat(login).contains(new RegistryCredentials("registry.example.com", "robot", "from-vault",
                "docker-credential-vault (credHelpers of " + config + ")"));
        assertThat(helper.calls()).containsExactly("get registry.example.com");
    }

    @Test
    void forRegistry_asksTheCredsStoreProgram_withTheServerAddressDockerLoginUsed() throws IOException {
        CredentialHelperScript helper = CredentialHelperScript.answering(dir.resolve("bin"), "desktop",
                Map.of("https://index.docker.io/v1/", List.of("hubuser", "hub-secret"), "127.0.0.1:5001", List.of("local", "pw")));
        Path config = config("{\"auths\":{\"https://index.docker.io/v1/\":{},\"127.0.0.1:5001\":{}},\"credsStore\":\"desktop\"}");
        RegistryLogins logins = logins(config);

        assertThat(logins.forRegistry("docker.io")).map(RegistryCredentials::password).contains("hub-secret");
        assertThat(logins.forRegistry("127.0.0.1:5001")).map(RegistryCredentials::username).contains("local");
        assertThat(logins.forRegistry("127.0.0.1:5001")).map(RegistryCredentials::source)
                .contains("docker-credential-desktop (credsStore of " + config + ")");
        assertThat(helper.calls()).containsExactly("get https://index.docker.io/v1/", "get 127.0.0.1:5001");
    }

    @Test
    void forRegistry_fallsBackToStoredLogin_whenTheProgramHoldsNone() throws IOException {
        CredentialHelperScript.answering(dir.resolve("bin"), "desktop", Map.of());
        Path config = config("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("gh:c") + "\"}},\"credsStore\":\"desktop\"}");

        assertThat(logins(config).forRegistry("ghcr.io")).map(RegistryCredentials::username).contains("gh");
        assertThat(logins(config).forRegistry("quay.io")).isEmpty();
    }

    @Test
    void forRegistry_remembersAProgramsAnswerForAMinute() throws IOException {
        CredentialHelperScript helper = CredentialHelperScript.answering(dir.resolve("bin"), "desktop",
                Map.of("ghcr.io", List.of("gh", "c")));
        RegistryLogins logins = logins(config("{\"credsStore\":\"desktop\"}"));

        logins.forRegistry("ghcr.io");
        clock.advance(RegistryLogins.REMEMBERED.minusSeconds(1));
        logins.forRegistry("ghcr.io");
        assertThat(helper.calls()).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(logins.forRegistry("ghcr.io")).map(RegistryCredentials::username).contains("gh");
        assertThat(helper.calls()).hasSize(2);
    }

    @Test
    void forRegistry_readsTheConfigFileAgain_whenItChanged() throws IOException {
        Path config = config("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("first:a") + "\"}}}");
        RegistryLogins logins = logins(config);
        assertThat(logins.forRegistry("ghcr.io")).map(RegistryCredentials::username).contains("first");

        config("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("second-login:b") + "\"}}}");

        assertThat(logins.forRegistry("ghcr.io")).map(RegistryCredentials::username).contains("second-login");
    }

    @Test
    void forRegistry_failsNamingTheProgramThePathAndTheSetting_whenTheProgramIsMissing() throws IOException {
        Path config = config("{\"credHelpers\":{\"ghcr.io\":\"nowhere\"}}");

        assertThatThrownBy(() -> logins(config).forRegistry("ghcr.io"))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining("reading the login for ghcr.io failed")
                .hasMessageContaining("credHelpers of " + config)
                .hasMessageContaining("no docker-credential-nowhere is on the search path " + dir.resolve("bin"))
                .hasMessageContaining("patchrun.registry.credential-helper-path");
    }

    @Test
    void constructor_failsNamingTheFile_whenTheConfigFileIsBroken() throws IOException {
        Path config = config("{\"auths\":");

        assertThatThrownBy(() -> logins(config))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining(config.toString());
    }

    @Test
    void whatToConfigure_namesTheLoginsSource_orWhereALoginWouldGo() throws IOException {
        Path config = config("{}");
        RegistryLogins logins = logins(config);

        assertThat(logins.whatToConfigure("ghcr.io", Optional.of(new RegistryCredentials("ghcr.io", "bot", "pw", "patchrun.registry.credentials[2]"))))
                .isEqualTo("check the password of user 'bot' for ghcr.io in patchrun.registry.credentials[2]");
        assertThat(logins.whatToConfigure("ghcr.io", Optional.empty()))
                .contains("add a login for ghcr.io to patchrun.registry.credentials", "docker login ghcr.io", config.toString());
    }

    @Test
    void searchPath_readsAPathList_skippingEmptyEntries() {
        assertThat(RegistryLogins.searchPath("/usr/local/bin::/usr/bin:")).containsExactly(Path.of("/usr/local/bin"), Path.of("/usr/bin"));
        assertThat(RegistryLogins.searchPath(null)).isEmpty();
    }

    private RegistryLogins logins(Path config) {
        return logins(List.of(), config);
    }

    private RegistryLogins logins(List<RegistryCredentials> configured, Path config) {
        return new RegistryLogins(configured, config, List.of(dir.resolve("bin")), clock);
    }

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
