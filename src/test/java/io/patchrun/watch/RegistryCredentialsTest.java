package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {

    @Test
    void toString_masksPassword() {
        RegistryCredentials login = new RegistryCredentials("ghcr.io", "bot", "hunter2", "patchrun.registry.credentials[0]");

        assertThat(login.toString()).contains("ghcr.io", "bot", "patchrun.registry.credentials[0]").doesNotContain("hunter2");
        assertThat(List.of(login).toString()).doesNotContain("hunter2");
    }

    @Test
    void basicAuthorization_encodesUserAndPassword() {
        assertThat(TestClients.configured("ghcr.io", "Aladdin", "open sesame").basicAuthorization())
                .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void constructor_refusesLoginWithoutUserName() {
        assertThatThrownBy(() -> TestClients.configured("ghcr.io", " ", "pw"))
                .hasMessageContaining("ghcr.io").hasMessageContaining("user name");
    }
}
