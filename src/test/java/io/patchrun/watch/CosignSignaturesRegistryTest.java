package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.CosignSigner;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.RegistryPusher;
import java.security.KeyPair;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cosign check through the real registry client, against signature artifacts pushed to the local registry. */
@EngineTest
class CosignSignaturesRegistryTest {

    private final RegistryPusher pusher = new RegistryPusher();
    private final RegistryClient client = TestClients.anonymous(Clock.systemUTC());
    private final CosignSignatures signatures = new CosignSignatures(client);
    private final KeyPair key = CosignSigner.newKeyPair();
    private final String repository = RegistryPusher.uniqueRepository("signed");

    @AfterEach
    void deletePushed() {
        pusher.close();
    }

    @Test
    void signatureArtifactInTheRegistry_isFoundAndVerified() {
        Digest digest = pusher.push(repository, "stable");
        ImageRef base = pusher.ref(repository, "stable");
        push(CosignSigner.signatureOf(base, digest, key));

        SignatureCheck check = signatures.check(base, digest, "cosign.pub", key.getPublic());

        assertThat(check.verdict()).as(String.valueOf(check.problem())).isEqualTo(SignatureCheck.Verdict.SIGNED);
    }

    @Test
    void newDigestWithoutSignature_isUnsigned_whileTheOldOneStaysSigned() {
        Digest old = pusher.push(repository, "stable");
        ImageRef base = pusher.ref(repository, "stable");
        push(CosignSigner.signatureOf(base, old, key));
        Digest fresh = pusher.push(repository, "stable", RegistryPusher.Format.DOCKER_V2, "2");

        assertThat(signatures.check(base, fresh, "cosign.pub", key.getPublic()).verdict()).isEqualTo(SignatureCheck.Verdict.UNSIGNED);
        assertThat(signatures.check(base, old, "cosign.pub", key.getPublic()).verdict()).isEqualTo(SignatureCheck.Verdict.SIGNED);
    }

    @Test
    void signatureOfAnotherDigest_underThisDigestsTag_isRefused() {
        Digest old = pusher.push(repository, "stable");
        ImageRef base = pusher.ref(repository, "stable");
        Digest fresh = pusher.push(repository, "stable", RegistryPusher.Format.DOCKER_V2, "2");
        CosignSigner.Artifact ofOld = CosignSigner.signatureOf(base, old, key);
        pusher.pushArtifact(repository, CosignSignatures.signatureTag(fresh), CosignSigner.OCI_MANIFEST, ofOld.manifest(), ofOld.blobs());

        SignatureCheck check = signatures.check(base, fresh, "cosign.pub", key.getPublic());

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.OTHER_DIGEST);
        assertThat(check.problem()).contains("is for another digest (" + old.value() + ")");
    }

    private void push(CosignSigner.Artifact artifact) {
        pusher.pushArtifact(repository, artifact.tag(), CosignSigner.OCI_MANIFEST, artifact.manifest(), artifact.blobs());
    }
}
