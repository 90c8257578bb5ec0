package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {

    @Test
    void toString_masksPassword() {
        RegistryCredentials login = new RegistryCredentials("ghcr.io", "bot", "hunter2");

        assertThat(login.toString()).contains("ghcr.io", "bot").doesNotContain("hunter2");
        assertThat(List.of(login).toString()).doesNotContain("hunter2");
    }

    @Test
    void basicAuthorization_encodesUserAndPassword() {
        assertThat(new RegistryCredentials("ghcr.io", "Aladdin", "open sesame").basicAuthorization())
                .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void constructor_refusesLoginWithoutUserName() {
        assertThatThrownBy(() -> new RegistryCredentials("ghcr.io", " ", "pw"))
                .hasMessageContaining("ghcr.io").hasMessageContaining("user name");
    }

    @Test
    void credentialStore_prefersConfiguredLogin_overDockerConfigLogin() {
        CredentialStore store = new CredentialStore(
                List.of(new RegistryCredentials("docker.io", "configured", "a")),
                List.of(new RegistryCredentials("https://index.docker.io/v1/", "docker-login", "b"),
                        new RegistryCredentials("ghcr.io", "gh", "c")));

        assertThat(store.forRegistry("docker.io")).map(RegistryCredentials::username).contains("configured");
        assertThat(store.forRegistry("GHCR.io")).map(RegistryCredentials::username).contains("gh");
        assertThat(store.forRegistry("quay.io")).isEmpty();
    }
}
