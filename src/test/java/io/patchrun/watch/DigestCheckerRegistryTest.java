package io.patchrun.watch;

import java.time.Clock;
import static org.assertj.core.api.Assertions.assertThat;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.RegistryPusher;
import io.patchrun.testsupport.RegistryPusher.Format;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A round of checks through the real registry client against the local registry. */
@EngineTest
class DigestCheckerRegistryTest {

    private final RegistryPusher pusher = new RegistryPusher();
    private final RegistryClient client = TestClients.anonymous(Clock.systemUTC());
    private final DigestChecker checker = new DigestChecker(client);

    @AfterEach
    void deletePushedImages() {
        pusher.close();
    }

    @Test
    void check_readsEachSharedBaseOnce_andReportsTheMissingOneAlongside() throws InterruptedException {
        String repository = RegistryPusher.uniqueRepository("checker");
        Digest stable = pusher.push(repository, "stable", Format.DOCKER_V2, "1");
        Digest edge = pusher.push(repository, "edge", Format.OCI, "2");
        ImageRef stableRef = pusher.ref(repository, "stable");
        ImageRef edgeRef = pusher.ref(repository, "edge");
        ImageRef missingRef = pusher.ref(repository, "missing");

        List<DigestCheck> results = checker.check(List.of(stableRef, edgeRef, stableRef, missingRef, stableRef));

        assertThat(results).extracting(DigestCheck::ref).containsExactly(edgeRef, missingRef, stableRef);
        assertThat(results.get(0).digest()).isEqualTo(edge);
        assertThat(results.get(1).error().kind()).isEqualTo(RegistryException.Kind.UNKNOWN_TAG);
        assertThat(results.get(2).digest()).isEqualTo(stable);
        assertThat(client.requestCount()).as("one HEAD per distinct reference, and a tag list for the missing one")
                .isEqualTo(4);
    }
}
