package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.testsupport.CredentialHelperScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker-credential-&lt;name&gt; protocol, against small shell programs. */
class CredentialHelpersTest {

    private static final String SOURCE = "credsStore of /home/ci/.docker/config.json";

    @TempDir
    Path bin;

    @Test
    void get_runsTheFirstProgramOnThePath_withGetAndTheServerOnStandardInput(@TempDir Path other) {
        CredentialHelperScript.running(other, "desktop", "printf '{\"Username\":\"other\",\"Secret\":\"x\"}'\n");
        CredentialHelperScript first = CredentialHelperScript.running(bin, "desktop",
                "printf '{\"ServerURL\":\"%s\",\"Username\":\"robot\",\"Secret\":\"s3cret\"}' \"$server\"\n");

        assertThat(new CredentialHelpers(List.of(bin, other), Duration.ofSeconds(10)).get("desktop", "ghcr.io", "ghcr.io", SOURCE))
                .contains(new RegistryCredentials("ghcr.io", "robot", "s3cret", "docker-credential-desktop (" + SOURCE + ")"));
        assertThat(first.calls()).containsExactly("get ghcr.io");
    }

    @Test
    void get_givesNothing_whenTheProgramSaysCredentialsNotFound() {
        CredentialHelperScript.running(bin, "pass", "echo 'credentials not found in native keychain'; exit 1\n");

        assertThat(helpers().get("pass", "ghcr.io", "ghcr.io", SOURCE)).isEmpty();
    }

    @Test
    void get_failsWithTheProgramsWordsAndExitCode_whenItFailsOtherwise() {
        CredentialHelperScript.running(bin, "pass", "echo 'gpg: decryption failed: No secret key' >&2; exit 3\n");

        assertThatThrownBy(() -> helpers().get("pass", "ghcr.io", "ghcr.io", SOURCE))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessage("reading the login for ghcr.io failed: docker-credential-pass (" + SOURCE + ") exited with 3:"
                        + " 'gpg: decryption failed: No secret key'; check that program, or run 'docker login ghcr.io' again");
    }

    @Test
    void get_failsWithoutQuotingTheAnswer_whenItIsNotTheProtocolsJson() {
        CredentialHelperScript.running(bin, "broken", "echo 'Username=robot Secret=hunter2'\n");

        assertThatThrownBy(() -> helpers().get("broken", "ghcr.io", "ghcr.io", SOURCE))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining("docker-credential-broken")
                .hasMessageContaining("something other than the JSON of the credential helper protocol")
                .message().doesNotContain("hunter2");
    }

    @Test
    void get_failsSayingWhatToDo_whenTheProgramHoldsAnIdentityToken() {
        CredentialHelperScript.running(bin, "desktop", "printf '{\"Username\":\"<token>\",\"Secret\":\"refresh-token\"}'\n");

        assertThatThrownBy(() -> helpers().get("desktop", "ghcr.io", "ghcr.io", SOURCE))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining("identity token")
                .hasMessageContaining("docker login -u USER ghcr.io")
                .message().doesNotContain("refresh-token");
    }

    @Test
    void get_givesUpNamingTheProgram_whenItDoesNotAnswerInTime() {
        CredentialHelperScript.running(bin, "stuck", "sleep 30\n");

        assertThatThrownBy(() -> new CredentialHelpers(List.of(bin), Duration.ofMillis(300)).get("stuck", "ghcr.io", "ghcr.io", SOURCE))
                .isInstanceOf(RegistryLoginException.class)
                .hasMessageContaining("docker-credential-stuck (" + SOURCE + ") did not answer within");
    }

    private CredentialHelpers helpers() {
        return new CredentialHelpers(List.of(bin), Duration.ofSeconds(10));
    }
}
