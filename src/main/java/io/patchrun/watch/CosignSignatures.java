package io.patchrun.watch;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks cosign signatures of image digests the way {@code cosign verify --key} does for key-based
 * signatures: the signature artifact is the manifest tagged {@code sha256-<hex>.sig} in the image's own
 * repository; each of its layers of type {@value #SIMPLE_SIGNING} is a "simple signing" payload whose
 * descriptor carries, in the annotation {@value #SIGNATURE_ANNOTATION}, the base64 ECDSA P-256 SHA-256
 * signature (ASN.1 DER) of the payload's bytes. A digest is signed when one layer's signature verifies
 * with the key and its payload's {@code critical.image.docker-manifest-digest} is that digest. Identities,
 * transparency logs and keyless (Fulcio) signatures are not checked.
 */
public final class CosignSignatures {

    static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    /** A payload is a few hundred bytes; a larger layer is not one cosign wrote. */
    static final int MAX_PAYLOAD = 64 * 1024;
    /** Each signing appends a layer; more than this many is not a signature artifact anyone made by hand. */
    static final int MAX_LAYERS = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SignatureStore store;

    public CosignSignatures(SignatureStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The tag cosign stores the signatures of {@code digest} under: {@code sha256-<hex>.sig}. */
    public static String signatureTag(Digest digest) {
        return digest.algorithm() + "-" + digest.hex() + ".sig";
    }

    /**
     * Checks that {@code digest} of {@code base}'s repository is signed with {@code key}. Never throws for what
     * the registry holds or answers: every way of not being signed is a verdict with its reason.
     */
    public SignatureCheck check(ImageRef base, Digest digest, String keyName, PublicKey key) {
        ImageRef artifact = base.withTag(signatureTag(digest));
        String subject = "base " + base.familiar() + " at " + digest.value();
        Optional<byte[]> manifest;
        try {
            manifest = store.manifest(artifact);
        } catch (RegistryException e) {
            return problem(base, digest, keyName, SignatureCheck.Verdict.UNREADABLE,
                    subject + ": its signature could not be read: " + e.getMessage());
        }
        if (manifest.isEmpty()) {
            return problem(base, digest, keyName, SignatureCheck.Verdict.UNSIGNED, subject + " has no signature: repository "
                    + base.familiarName() + " has no tag " + artifact.tag() + " (sign it with cosign sign --key <private key of "
                    + keyName + "> " + base.familiarName() + "@" + digest.value() + ")");
        }
        List<Layer> layers;
        try {
            layers = layers(manifest.get());
        } catch (JacksonException | IllegalArgumentException e) {
            return problem(base, digest, keyName, SignatureCheck.Verdict.UNREADABLE, subject + ": the manifest of "
                    + artifact.tag() + " is not a cosign signature manifest: " + e.getMessage());
        }
        return verdict(base, digest, keyName, key, artifact, subject, layers);
    }

    private SignatureCheck verdict(ImageRef base, Digest digest, String keyName, PublicKey key, ImageRef artifact, String subject,
                                   List<Layer> layers) {
        List<String> otherDigests = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Layer layer : layers) {
            byte[] payload;
            try {
                payload = store.blob(artifact, layer.digest(), MAX_PAYLOAD);
            } catch (RegistryException e) {
                unreadable.add("payload " + layer.digest().shortHex() + ": " + e.getMessage());
                continue;
            }
            if (!verifies(key, payload, layer.signature())) {
                continue;
            }
            Optional<String> signedFor = signedDigest(payload);
            if (signedFor.filter(digest.value()::equals).isPresent()) {
                return new SignatureCheck(base, digest, keyName, SignatureCheck.Verdict.SIGNED, null);
            }
            otherDigests.add(signedFor.orElse("no digest at all"));
        }
        if (!otherDigests.isEmpty()) {
            return problem(base, digest, keyName, SignatureCheck.Verdict.OTHER_DIGEST, subject + ": its signature made with key "
                    + keyName + " is for another digest (" + String.join(", ", otherDigests) + "), not for this one");
        }
        if (!unreadable.isEmpty()) {
            return problem(base, digest, keyName, SignatureCheck.Verdict.UNREADABLE, subject + ": no signature verified with key "
                    + keyName + ", and some could not be read: " + String.join("; ", unreadable));
        }
        return problem(base, digest, keyName, SignatureCheck.Verdict.WRONG_KEY, subject + ": its signature does not verify with key "
                + keyName + " (" + layers.size() + (layers.size() == 1 ? " signature" : " signatures")
                + " in " + artifact.tag() + "; signed with another key, or the payload was changed)");
    }

    private record Layer(Digest digest, byte[] signature) {
    }

    /** The simple-signing layers of a signature manifest that carry a signature annotation. */
    private static List<Layer> layers(byte[] manifest) {
        JsonNode root = JSON.readTree(manifest);
        JsonNode layers = root.path("layers");
        if (!layers.isArray()) {
            throw new IllegalArgumentException("it has no list of layers");
        }
        List<Layer> found = new ArrayList<>();
        for (JsonNode layer : layers) {
            String signature = layer.path("annotations").path(SIGNATURE_ANNOTATION).asString("");
            String digest = layer.path("digest").asString("");
            if (SIMPLE_SIGNING.equals(layer.path("mediaType").asString("")) && !signature.isEmpty() && Digest.isDigest(digest)) {
                found.add(new Layer(Digest.of(digest), decode(signature)));
            }
            if (found.size() > MAX_LAYERS) {
                throw new IllegalArgumentException("it has more than " + MAX_LAYERS + " signatures");
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("none of its " + layers.size() + " layers is a " + SIMPLE_SIGNING
                    + " payload with a " + SIGNATURE_ANNOTATION + " annotation");
        }
        return found;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            // Not base64 cannot verify; an empty signature says so without failing the other layers.
            return new byte[0];
        }
    }

    private static boolean verifies(PublicKey key, byte[] payload, byte[] signature) {
        if (signature.length == 0) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(payload);
            return ecdsa.verify(signature);
        } catch (java.security.SignatureException e) {
            // A signature that is not valid DER is a signature that does not verify.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot verify ECDSA P-256 signatures: " + e.getMessage(), e);
        }
    }

    /** The digest a verified payload signs; empty when it is not a simple-signing payload naming one. */
    private static Optional<String> signedDigest(byte[] payload) {
        try {
            JsonNode critical = JSON.readTree(new String(payload, StandardCharsets.UTF_8)).path("critical");
            String digest = critical.path("image").path("docker-manifest-digest").asString("");
            return digest.isEmpty() ? Optional.empty() : Optional.of(digest);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static SignatureCheck problem(ImageRef base, Digest digest, String keyName, SignatureCheck.Verdict verdict, String problem) {
        return new SignatureCheck(base, digest, keyName, verdict, problem);
    }
}
