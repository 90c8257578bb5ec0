package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.CosignSigner;
import io.patchrun.testsupport.CosignSigner.Artifact;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cosign check against signature artifacts held in memory, made with keys generated here. */
class CosignSignaturesTest {

    private static final ImageRef BASE = ImageRef.parse("127.0.0.1:5000/team/base:stable");
    private static final Digest DIGEST = Digest.of("sha256:" + "a".repeat(64));
    private static final Digest OTHER = Digest.of("sha256:" + "b".repeat(64));

    private final KeyPair key = CosignSigner.newKeyPair();
    private final KeyPair otherKey = CosignSigner.newKeyPair();
    private final Store store = new Store();
    private final CosignSignatures signatures = new CosignSignatures(store);

    @Test
    void signatureMadeWithTheKey_forThisDigest_passes() {
        store.put(CosignSigner.signatureOf(BASE, DIGEST, key));

        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.SIGNED);
        assertThat(check.problem()).isNull();
        assertThat(store.asked).containsExactly(BASE.name() + ":sha256-" + "a".repeat(64) + ".sig");
    }

    @Test
    void noSignatureTag_isUnsigned_namingTheTagLookedFor() {
        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.UNSIGNED);
        assertThat(check.problem()).isEqualTo("base 127.0.0.1:5000/team/base:stable at " + DIGEST.value() + " has no signature: repository "
                + "127.0.0.1:5000/team/base has no tag sha256-" + "a".repeat(64) + ".sig (sign it with cosign sign --key <private key of"
                + " keys/cosign.pub> 127.0.0.1:5000/team/base@" + DIGEST.value() + ")");
    }

    @Test
    void signatureMadeWithAnotherKey_doesNotVerify() {
        store.put(CosignSigner.signatureOf(BASE, DIGEST, otherKey));

        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.WRONG_KEY);
        assertThat(check.problem()).contains("its signature does not verify with key keys/cosign.pub (1 signature in sha256-");
    }

    @Test
    void signatureWithTheKey_forAnotherDigest_isRefused_namingThatDigest() {
        // Someone copied a valid signature of another digest under this digest's tag.
        Artifact ofOther = CosignSigner.signatureOf(BASE, OTHER, key);
        store.put(CosignSigner.signatureOf(BASE, DIGEST, key).tag(), ofOther);

        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.OTHER_DIGEST);
        assertThat(check.problem()).contains("its signature made with key keys/cosign.pub is for another digest (" + OTHER.value()
                + "), not for this one");
    }

    @Test
    void payloadChangedAfterSigning_doesNotVerify() {
        byte[] signedPayload = CosignSigner.payload(BASE, OTHER);
        CosignSigner.Signed signed = CosignSigner.sign(key.getPrivate(), signedPayload);
        // The payload now names this digest, but the signature was made over the old bytes.
        store.put(CosignSigner.artifact(DIGEST, List.of(new CosignSigner.Signed(CosignSigner.payload(BASE, DIGEST), signed.signature()))));

        assertThat(check().verdict()).isEqualTo(SignatureCheck.Verdict.WRONG_KEY);
    }

    @Test
    void anyOfSeveralSignatures_verifyingIsEnough() {
        store.put(CosignSigner.artifact(DIGEST, List.of(
                CosignSigner.sign(otherKey.getPrivate(), CosignSigner.payload(BASE, DIGEST)),
                new CosignSigner.Signed(CosignSigner.payload(BASE, DIGEST), "not a DER signature".getBytes(StandardCharsets.UTF_8)),
                CosignSigner.sign(key.getPrivate(), CosignSigner.payload(BASE, DIGEST)))));

        assertThat(check().verdict()).isEqualTo(SignatureCheck.Verdict.SIGNED);
    }

    @Test
    void manifestWithoutSimpleSigningLayers_isUnreadable_notSigned() {
        store.manifests.put(BASE.name() + ":" + CosignSigner.signatureOf(BASE, DIGEST, key).tag(),
                "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + OTHER.value()
                        + "\",\"size\":1}]}");

        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.UNREADABLE);
        assertThat(check.problem()).contains("is not a cosign signature manifest: none of its 1 layers is a "
                + "application/vnd.dev.cosign.simplesigning.v1+json payload");
    }

    @Test
    void registryError_isUnreadable_withTheRegistrysReason() {
        store.failure = new RegistryException(RegistryException.Kind.UNREACHABLE, BASE, "could not reach registry 127.0.0.1:5000");

        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.UNREADABLE);
        assertThat(check.problem()).endsWith("its signature could not be read: could not reach registry 127.0.0.1:5000");
    }

    @Test
    void missingPayloadBlob_isUnreadable_notSigned() {
        Artifact artifact = CosignSigner.signatureOf(BASE, DIGEST, key);
        store.manifests.put(BASE.name() + ":" + artifact.tag(), artifact.manifest());

        SignatureCheck check = check();

        assertThat(check.verdict()).isEqualTo(SignatureCheck.Verdict.UNREADABLE);
        assertThat(check.problem()).contains("no signature verified with key keys/cosign.pub, and some could not be read");
    }

    private SignatureCheck check() {
        return signatures.check(BASE, DIGEST, "keys/cosign.pub", key.getPublic());
    }

    /** Manifests by {@code name:tag}, blobs by digest. */
    private static final class Store implements SignatureStore {
        final Map<String, String> manifests = new HashMap<>();
        final Map<String, byte[]> blobs = new HashMap<>();
        final List<String> asked = new java.util.ArrayList<>();
        RegistryException failure;

        void put(Artifact artifact) {
            put(artifact.tag(), artifact);
        }

        void put(String tag, Artifact artifact) {
            manifests.put(BASE.name() + ":" + tag, artifact.manifest());
            blobs.putAll(artifact.blobs());
        }

        @Override
        public Optional<byte[]> manifest(ImageRef ref) {
            if (failure != null) {
                throw failure;
            }
            asked.add(ref.toString());
            return Optional.ofNullable(manifests.get(ref.toString())).map(text -> text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] blob(ImageRef ref, Digest digest, int maxBytes) {
            byte[] blob = blobs.get(digest.value());
            if (blob == null) {
                throw new RegistryException(RegistryException.Kind.PROTOCOL, ref, "no blob " + digest);
            }
            return blob;
        }
    }
}
