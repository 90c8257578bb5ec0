package io.patchrun.watch;

import io.patchrun.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and HEAD-without-digest cases, against a fake registry on a loopback port. */
class RegistryClientAuthTest {

    private static final String MANIFEST = "{\"schemaVersion\":2,\"config\":{}}";

    private final FakeRegistry registry = new FakeRegistry();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void digest_fetchesAnonymousTokenAndRetries_whenRegistryDemandsBearerToken() {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L);
        RegistryClient client = TestClients.anonymous(clock);

        Digest digest = client.digest(registry.ref("team/base:stable"));

        assertThat(digest.value()).isEqualTo(expected);
        assertThat(registry.requests()).containsExactly(
                "HEAD /v2/team/base/manifests/stable",
                "GET /token?service=fake-registry&scope=repository:team/base:pull",
                "HEAD /v2/team/base/manifests/stable");
        assertThat(client.requestCount()).isEqualTo(3);
    }

    @Test
    void digest_makesOneRequestPerReference_onceTokenIsCached() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.putManifest("team/base", "edge", MANIFEST + " ");
        registry.bearer(300L);
        RegistryClient client = TestClients.anonymous(clock);
        client.digest(registry.ref("team/base:stable"));
        long afterFirst = client.requestCount();

        client.digest(registry.ref("team/base:stable"));
        client.digest(registry.ref("team/base:edge"));

        assertThat(client.requestCount() - afterFirst).isEqualTo(2);
        assertThat(registry.tokensIssued()).isEqualTo(1);
    }

    @Test
    void digest_fetchesTokenBeforeFirstRequest_forAnotherRepositoryOfSameRegistry() {
        registry.putManifest("team/base", "stable", MANIFEST);
        String expected = registry.putManifest("team/other", "stable", MANIFEST + " ");
        registry.bearer(300L);
        RegistryClient client = TestClients.anonymous(clock);
        client.digest(registry.ref("team/base:stable"));
        int before = registry.requests().size();

        Digest digest = client.digest(registry.ref("team/other:stable"));

        assertThat(digest.value()).isEqualTo(expected);
        assertThat(registry.requests().subList(before, registry.requests().size())).containsExactly(
                "GET /token?service=fake-registry&scope=repository:team/other:pull",
                "HEAD /v2/team/other/manifests/stable");
    }

    @Test
    void digest_answersChallenge_whenScopeGuessedFromAnotherRepositoryIsWrong() {
        registry.putManifest("team/base", "stable", MANIFEST);
        String expected = registry.putManifest("team/other", "stable", MANIFEST + " ");
        registry.bearer(300L).scopePrefix("mirror/");
        RegistryClient client = TestClients.anonymous(clock);
        client.digest(registry.ref("team/base:stable"));
        long before = client.requestCount();

        Digest digest = client.digest(registry.ref("team/other:stable"));
        long guessed = client.requestCount() - before;
        client.digest(registry.ref("team/other:stable"));

        assertThat(digest.value()).isEqualTo(expected);
        assertThat(guessed).as("wrong token, refused HEAD, right token, HEAD").isEqualTo(4);
        assertThat(client.requestCount() - before - guessed).isEqualTo(1);
    }

    @Test
    void digest_fetchesNewTokenUpFront_whenCachedTokenHasExpired() {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(120L).tokenField("access_token");
        RegistryClient client = TestClients.anonymous(clock);
        client.digest(registry.ref("team/base:stable"));
        long afterFirst = client.requestCount();

        clock.advance(Duration.ofSeconds(121));
        Digest digest = client.digest(registry.ref("team/base:stable"));

        assertThat(digest.value()).isEqualTo(expected);
        assertThat(registry.tokensIssued()).isEqualTo(2);
        assertThat(client.requestCount() - afterFirst).as("a token request and the HEAD").isEqualTo(2);
    }

    @Test
    void digest_keepsTokenForSixtySeconds_whenTokenServiceGivesNoLifetime() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(null);
        RegistryClient client = TestClients.anonymous(clock);
        ImageRef ref = registry.ref("team/base:stable");
        client.digest(ref);

        clock.advance(Duration.ofSeconds(59));
        client.digest(ref);
        assertThat(registry.tokensIssued()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        client.digest(ref);
        assertThat(registry.tokensIssued()).isEqualTo(2);
    }

    @Test
    void digest_fetchesNewTokenAndRetries_whenRegistryRejectsCachedToken() {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L);
        RegistryClient client = TestClients.anonymous(clock);
        client.digest(registry.ref("team/base:stable"));

        registry.revokeTokens();

        assertThat(client.digest(registry.ref("team/base:stable")).value()).isEqualTo(expected);
        assertThat(registry.tokensIssued()).isEqualTo(2);
    }

    @Test
    void digest_sendsConfiguredLoginToTokenService() {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L).login("robot", "s3cret");
        RegistryClient client = TestClients.withLogin(TestClients.configured(registry.address(), "robot", "s3cret"), clock);

        assertThat(client.digest(registry.ref("team/base:stable")).value()).isEqualTo(expected);
    }

    @Test
    void digest_failsWithAuthRefused_whenTokenServiceRefusesLogin() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L).login("robot", "s3cret");
        RegistryClient client = TestClients.withLogin(TestClients.configured(registry.address(), "robot", "wrong"), clock);
        ImageRef ref = registry.ref("team/base:stable");

        assertThatThrownBy(() -> client.digest(ref))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains(ref.toString(), "refused access to user 'robot'",
                            "token service", "HTTP 401",
                            "check the password of user 'robot' for " + registry.address() + " in patchrun.registry.credentials[0]")
                            .doesNotContain("wrong");
                });
    }

    @Test
    void digest_failsWithAuthRefused_whenAnonymousTokenIsNotEnough() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L);
        registry.refuseTokens();
        RegistryClient client = TestClients.anonymous(clock);

        assertThatThrownBy(() -> client.digest(registry.ref("team/base:stable")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains("without credentials", "HTTP 401 to HEAD");
                });
        assertThat(client.requestCount()).as("HEAD, token, one retry").isEqualTo(3);
    }

    @Test
    void digest_refusesToSendLoginOverPlainHttp_toTokenServiceOffThisMachine() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L).realm("http://auth.example/token");
        RegistryClient client = TestClients.withLogin(TestClients.configured(registry.address(), "robot", "s3cret"), clock);

        assertThatThrownBy(() -> client.digest(registry.ref("team/base:stable")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("plain http", "http://auth.example");
                });
        assertThat(client.requestCount()).as("only the challenged HEAD").isEqualTo(1);
    }

    @Test
    void digest_sendsBasicCredentials_whenRegistryAsksForBasic() {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.basic().login("robot", "s3cret");
        RegistryClient client = TestClients.withLogin(TestClients.configured(registry.address(), "robot", "s3cret"), clock);
        client.digest(registry.ref("team/base:stable"));
        long afterFirst = client.requestCount();

        assertThat(client.digest(registry.ref("team/base:stable")).value()).isEqualTo(expected);
        assertThat(client.requestCount() - afterFirst).as("credentials sent up front").isEqualTo(1);
    }

    @Test
    void digest_failsWithAuthRefused_whenBasicIsAskedAndNoLoginIsConfigured() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.basic().login("robot", "s3cret");
        RegistryClient client = TestClients.anonymous(clock);

        assertThatThrownBy(() -> client.digest(registry.ref("team/base:stable")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains("none is configured", registry.address());
                });
    }

    @Test
    void digest_usesDockerConfigLogin_whenNoneIsConfigured(@TempDir Path home) throws IOException {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.basic().login("robot", "s3cret");
        Path config = home.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
        RegistryClient client = TestClients.withDockerConfig(config, clock);

        assertThat(client.digest(registry.ref("team/base:stable")).value()).isEqualTo(expected);
    }

    @Test
    void digest_hashesManifestFromGet_whenHeadGivesNoDigest() {
        String expected = registry.putManifest("team/base", "stable", MANIFEST);
        registry.withoutDigestOnHead();
        RegistryClient client = TestClients.anonymous(clock);

        Digest digest = client.digest(registry.ref("team/base:stable"));

        assertThat(digest.value()).isEqualTo(expected);
        assertThat(registry.requests()).containsExactly(
                "HEAD /v2/team/base/manifests/stable", "GET /v2/team/base/manifests/stable");
    }

    @Test
    void digest_failsWithUnknownTag_whenRepositoryExistsBehindToken() {
        registry.putManifest("team/base", "stable", MANIFEST);
        registry.bearer(300L);
        RegistryClient client = TestClients.anonymous(clock);

        assertThatThrownBy(() -> client.digest(registry.ref("team/base:missing")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNKNOWN_TAG));
    }

    @Test
    void digest_failsWithProtocolError_whenRegistryAnswersServerError() {
        registry.failWith(500);
        RegistryClient client = TestClients.anonymous(clock);
        ImageRef ref = registry.ref("team/base:stable");

        assertThatThrownBy(() -> client.digest(ref))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains(ref.toString(), "answered HTTP 500 to HEAD /v2/team/base/manifests/stable");
                });
    }
}
