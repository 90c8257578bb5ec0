package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.RegistryPusher;
import io.patchrun.testsupport.RegistryPusher.Format;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Digest checks against the real registry {@code config/engine.sh up} starts on 127.0.0.1:5000. */
@EngineTest
class RegistryClientTest {

    private final RegistryPusher pusher = new RegistryPusher();
    private final RegistryClient client = TestClients.anonymous(Clock.systemUTC());
    private final String repository = RegistryPusher.uniqueRepository("client");

    @AfterEach
    void deletePushedImages() {
        pusher.close();
    }

    @Test
    void digest_equalsDigestOfPush_forDockerV2Manifest() {
        Digest pushed = pusher.push(repository, "stable", Format.DOCKER_V2, "1");

        assertThat(client.digest(pusher.ref(repository, "stable"))).isEqualTo(pushed);
    }

    @Test
    void digest_equalsDigestOfPush_forOciManifest() {
        Digest pushed = pusher.push(repository, "stable", Format.OCI, "1");

        assertThat(client.digest(pusher.ref(repository, "stable"))).isEqualTo(pushed);
    }

    @Test
    void digest_followsTag_whenNewManifestIsPushedUnderIt() {
        ImageRef ref = pusher.ref(repository, "stable");
        Digest first = pusher.push(repository, "stable", Format.DOCKER_V2, "1");
        Digest before = client.digest(ref);

        Digest second = pusher.push(repository, "stable", Format.DOCKER_V2, "2");

        assertThat(before).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(client.digest(ref)).isEqualTo(second);
    }

    @Test
    void digest_makesOneHeadRequestPerCheck_whenRegistryIsAnonymous() {
        pusher.push(repository, "a");
        pusher.push(repository, "b");

        client.digest(pusher.ref(repository, "a"));
        client.digest(pusher.ref(repository, "b"));
        client.digest(pusher.ref(repository, "a"));

        assertThat(client.requestCount()).isEqualTo(3);
    }

    @Test
    void digest_returnsOwnDigestWithoutRequest_whenReferenceIsPinned() {
        Digest pinned = Digest.of("sha256:" + "ab".repeat(32));

        Digest digest = client.digest(ImageRef.parse("127.0.0.1:5000/" + repository + ":stable@" + pinned));

        assertThat(digest).isEqualTo(pinned);
        assertThat(client.requestCount()).isZero();
    }

    @Test
    void digest_failsWithUnknownTag_afterManifestIsDeleted() {
        Digest pushed = pusher.push(repository, "stable");
        pusher.deleteManifest(repository, pushed);

        assertThatThrownBy(() -> client.digest(pusher.ref(repository, "stable")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNKNOWN_TAG);
                    assertThat(e.getMessage()).contains(repository + ":stable", "127.0.0.1:5000", "no tag 'stable'", "push it");
                });
    }

    @Test
    void digest_failsWithUnknownTag_whenOtherTagsExist() {
        pusher.push(repository, "stable");

        assertThatThrownBy(() -> client.digest(pusher.ref(repository, "missing")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNKNOWN_TAG));
    }

    @Test
    void digest_failsWithUnknownImage_whenRepositoryDoesNotExist() {
        ImageRef ref = pusher.ref(RegistryPusher.uniqueRepository("never-pushed"), "stable");

        assertThatThrownBy(() -> client.digest(ref))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNKNOWN_IMAGE);
                    assertThat(e.reference()).isEqualTo(ref);
                    assertThat(e.getMessage()).contains(ref.toString(), "no repository '" + ref.repository() + "'",
                            "check the image name");
                });
    }

    @Test
    void digest_failsQuicklyWithUnreachable_whenNothingListensOnPort() throws IOException {
        ImageRef ref = ImageRef.parse("127.0.0.1:" + closedPort() + "/demo/base:stable");
        RegistryOptions defaultTimeouts = RegistryOptions.defaults();
        long start = System.nanoTime();

        assertThatThrownBy(() -> TestClients.with(defaultTimeouts, Clock.systemUTC()).digest(ref))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNREACHABLE);
                    assertThat(e.getMessage()).contains(ref.toString(), "could not reach registry " + ref.registry(),
                            "http://" + ref.registry(), "connection refused", "check that it runs");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void digest_failsWithUnreachable_whenRegistryAcceptsButNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RegistryOptions options = new RegistryOptions(Duration.ofSeconds(2), Duration.ofMillis(300));
            ImageRef ref = ImageRef.parse("127.0.0.1:" + silent.getLocalPort() + "/demo/base:stable");

            assertThatThrownBy(() -> TestClients.with(options, Clock.systemUTC()).digest(ref))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNREACHABLE);
                        assertThat(e.getMessage()).contains("no answer to HEAD within 300 ms");
                    });
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
