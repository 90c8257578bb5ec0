package io.patchrun.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.CosignSigner;
import io.patchrun.testsupport.CredentialHelperScript;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.LoginRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Digest checks against the local registry that wants a login, with the login from each place it can come from. */
@EngineTest
class LoginRegistryDigestTest {

    private static LoginRegistry registry;
    private static ImageRef base;

    @TempDir
    Path dir;

    @BeforeAll
    static void pushBase(Engine engine) {
        registry = LoginRegistry.open(engine);
        base = registry.pushBase("base", "stable");
    }

    @AfterAll
    static void deleteBase() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void digest_logsInWithTheConfiguredLogin() {
        RegistryLogins logins = logins(List.of(TestClients.configured(LoginRegistry.ADDRESS, LoginRegistry.USER, LoginRegistry.PASSWORD)),
                dir.resolve("no-config.json"));

        assertThat(client(logins).digest(tagOnly())).isEqualTo(base.digest());
    }

    @Test
    void digest_logsInWithTheDockerConfigFilesAuths() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"auths\":{\"" + LoginRegistry.ADDRESS + "\":{\"auth\":\"" + LoginRegistry.basicToken() + "\"}}}");

        assertThat(client(logins(List.of(), config)).digest(tagOnly())).isEqualTo(base.digest());
    }

    @Test
    void digest_logsInWithTheCredsStoreProgram() throws IOException {
        CredentialHelperScript store = CredentialHelperScript.answering(dir.resolve("bin"), "teststore",
                Map.of(LoginRegistry.ADDRESS, List.of(LoginRegistry.USER, LoginRegistry.PASSWORD)));
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"auths\":{\"" + LoginRegistry.ADDRESS + "\":{}},\"credsStore\":\"teststore\"}");

        assertThat(client(logins(List.of(), config)).digest(tagOnly())).isEqualTo(base.digest());
        assertThat(store.calls()).containsExactly("get " + LoginRegistry.ADDRESS);
    }

    @Test
    void digest_logsInWithTheCredHelpersProgramForTheRegistry() throws IOException {
        CredentialHelperScript helper = CredentialHelperScript.answering(dir.resolve("bin"), "testhelper",
                Map.of(LoginRegistry.ADDRESS, List.of(LoginRegistry.USER, LoginRegistry.PASSWORD)));
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"credHelpers\":{\"" + LoginRegistry.ADDRESS + "\":\"testhelper\"}}");

        assertThat(client(logins(List.of(), config)).digest(tagOnly())).isEqualTo(base.digest());
        assertThat(helper.calls()).containsExactly("get " + LoginRegistry.ADDRESS);
    }

    @Test
    void digest_failsNamingTheRegistryAndTheLoginsSource_whenThePasswordIsWrong() {
        RegistryLogins logins = logins(List.of(TestClients.configured(LoginRegistry.ADDRESS, LoginRegistry.USER, "wrong-password")),
                dir.resolve("no-config.json"));

        assertThatThrownBy(() -> client(logins).digest(tagOnly()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains("registry " + LoginRegistry.ADDRESS + " refused access to user '"
                                    + LoginRegistry.USER + "'",
                            "check the password of user '" + LoginRegistry.USER + "' for " + LoginRegistry.ADDRESS
                                    + " in patchrun.registry.credentials[0]")
                            .doesNotContain("wrong-password");
                });
    }

    @Test
    void digest_failsSayingWhereALoginGoes_whenNoneIsConfigured() {
        Path config = dir.resolve("no-config.json");

        assertThatThrownBy(() -> client(logins(List.of(), config)).digest(tagOnly()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains("registry " + LoginRegistry.ADDRESS + " asks for a user name and password",
                            "add a login for " + LoginRegistry.ADDRESS + " to patchrun.registry.credentials",
                            "docker login " + LoginRegistry.ADDRESS, config.toString());
                });
    }

    @Test
    void signatureCheck_logsInAsDigestChecksDo_andWithoutALoginSaysWhereOneGoes() {
        RegistryLogins configured = logins(List.of(TestClients.configured(LoginRegistry.ADDRESS, LoginRegistry.USER, LoginRegistry.PASSWORD)),
                dir.resolve("no-config.json"));
        RegistryLogins none = logins(List.of(), dir.resolve("no-config.json"));
        PublicKey key = CosignSigner.newKeyPair().getPublic();

        SignatureCheck withLogin = new CosignSignatures(client(configured)).check(tagOnly(), base.digest(), "cosign.pub", key);
        SignatureCheck withoutLogin = new CosignSignatures(client(none)).check(tagOnly(), base.digest(), "cosign.pub", key);

        assertThat(withLogin.verdict()).as("read, and found no signature").isEqualTo(SignatureCheck.Verdict.UNSIGNED);
        assertThat(withoutLogin.verdict()).isEqualTo(SignatureCheck.Verdict.UNREADABLE);
        assertThat(withoutLogin.problem()).contains("its signature could not be read: ",
                "registry " + LoginRegistry.ADDRESS + " asks for a user name and password");
    }

    private RegistryLogins logins(List<RegistryCredentials> configured, Path config) {
        return TestClients.logins(configured, config, List.of(dir.resolve("bin")), Clock.systemUTC());
    }

    private static RegistryClient client(RegistryLogins logins) {
        return new RegistryClient(TestClients.OPTIONS, logins, Clock.systemUTC());
    }

    private static ImageRef tagOnly() {
        return base.withTag(base.tag());
    }
}
