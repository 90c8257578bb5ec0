package io.patchrun.testsupport;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes cosign signature artifacts the way {@code cosign sign --key} does, without cosign: a simple-signing
 * payload per signature, signed with ECDSA P-256 SHA-256 (DER, base64 in the layer annotation), under an OCI
 * manifest meant for the tag {@code sha256-<hex>.sig}.
 */
public final class CosignSigner {

    public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

    /** A signature artifact: its manifest and every blob it references (config and payloads), by digest. */
    public record Artifact(String tag, String manifest, Map<String, byte[]> blobs) {
    }

    /** One signature of an artifact: the payload that was signed, and the signature to annotate it with. */
    public record Signed(byte[] payload, byte[] signature) {
    }

    private CosignSigner() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code cosign.pub} as cosign writes it. */
    public static String publicKeyPem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** The simple-signing payload cosign signs for {@code image} at {@code digest}. */
    public static byte[] payload(ImageRef image, Digest digest) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + image.name() + "\"},\"image\":{\"docker-manifest-digest\":\""
                + digest.value() + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Signs {@code payload} with {@code key}: ASN.1 DER ECDSA over SHA-256, as cosign does. */
    public static Signed sign(PrivateKey key, byte[] payload) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key);
            ecdsa.update(payload);
            return new Signed(payload, ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The artifact that signs {@code digest} of {@code image} with {@code keys}. */
    public static Artifact signatureOf(ImageRef image, Digest digest, KeyPair keys) {
        return artifact(digest, List.of(sign(keys.getPrivate(), payload(image, digest))));
    }

    /** An artifact for the tag of {@code digest}'s signatures, holding the given signatures as its layers. */
    public static Artifact artifact(Digest digest, List<Signed> signatures) {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        byte[] config = "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        blobs.put(configDigest, config);
        List<String> layers = new ArrayList<>();
        for (Signed signed : signatures) {
            String payloadDigest = sha256(signed.payload());
            blobs.put(payloadDigest, signed.payload());
            layers.add("{\"mediaType\":\"" + SIMPLE_SIGNING + "\",\"size\":" + signed.payload().length + ",\"digest\":\"" + payloadDigest
                    + "\",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + Base64.getEncoder().encodeToString(signed.signature())
                    + "\"}}");
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + CONFIG_TYPE
                + "\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[" + String.join(",", layers) + "]}";
        return new Artifact(digest.algorithm() + "-" + digest.hex() + ".sig", manifest, blobs);
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
