package io.patchrun.pipeline;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A public key that base image signatures must be made with: an ECDSA P-256 key, as {@code cosign
 * generate-key-pair} writes it to {@code cosign.pub} (a PEM {@code PUBLIC KEY} block).
 *
 * @param name the key file as the pipeline file names it ({@code keys/cosign.pub}), for messages
 * @param key  the key itself
 */
public record SigningKey(String name, PublicKey key) {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final ECParameterSpec P256 = p256();

    public SigningKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        if (!isP256(key)) {
            throw new IllegalArgumentException("signing key " + name + " is not an ECDSA P-256 public key");
        }
    }

    /**
     * Reads a PEM {@code PUBLIC KEY} block.
     *
     * @throws IllegalArgumentException saying what the text is instead, in the user's terms
     */
    public static PublicKey parsePem(String text) {
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new IllegalArgumentException(text.contains("PRIVATE KEY")
                    ? "holds a private key; give the public one (cosign.pub, not cosign.key)"
                    : "is not a PEM public key (a '-----BEGIN PUBLIC KEY-----' block, as cosign.pub has)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a PEM block that is not base64: " + e.getMessage());
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("is not an ECDSA public key (cosign keys are ECDSA P-256; RSA and Ed25519 keys are"
                    + " not supported): " + e.getMessage());
        }
        if (!isP256(key)) {
            throw new IllegalArgumentException("is an ECDSA key on another curve than P-256 (secp256r1), which cosign keys use");
        }
        return key;
    }

    private static boolean isP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            return false;
        }
        ECParameterSpec params = ec.getParams();
        return params.getCurve().equals(P256.getCurve()) && params.getOrder().equals(P256.getOrder())
                && params.getGenerator().equals(P256.getGenerator()) && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks the P-256 curve, which every Java runtime has", e);
        }
    }
}
