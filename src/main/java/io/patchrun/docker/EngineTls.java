package io.patchrun.docker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * TLS with client certificates for a {@code tcp://} engine, from a folder laid out as Docker's {@code DOCKER_CERT_PATH}:
 * the engine's certificate must be signed by {@code ca.pem}; Patchrun shows {@code cert.pem} with its {@code key.pem}.
 * Every file is read and checked here, when the client is made, so that a wrong setting fails at start with the file
 * it is about rather than at the first call.
 */
final class EngineTls {

    private static final char[] NO_PASSWORD = new char[0];
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(3);

    private EngineTls() {
    }

    static SSLContext load(EngineAddress address) {
        String setting = address.setting("tls-cert-path");
        Path folder = address.tlsCertPath();
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(setting + ": " + folder + " is not a folder; it must hold ca.pem, cert.pem and key.pem"
                    + " (the layout of DOCKER_CERT_PATH)");
        }
        List<Certificate> ca = certificates(setting, folder.resolve("ca.pem"));
        List<Certificate> chain = certificates(setting, folder.resolve("cert.pem"));
        PrivateKey key = key(setting, folder.resolve("key.pem"));
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < ca.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, ca.get(i));
            }
            KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
            own.load(null, null);
            own.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, NO_PASSWORD);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(setting + ": cannot use " + folder.resolve("key.pem") + " with " + folder.resolve("cert.pem")
                    + " for TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The engine's verdict on this client, from a TLS connection of its own: with TLS 1.3 the engine judges the client
     * certificate after the handshake, so a request may fail with a broken pipe before its alert is read; this
     * connection sends nothing and waits for it. Returns the TLS failure, or {@code null} when the engine let the
     * client in (or could not be reached at all, which is another failure than TLS).
     */
    static SSLException verdict(SSLContext context, String host, int port) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), (int) VERDICT_WAIT.toMillis());
            socket.setSoTimeout((int) VERDICT_WAIT.toMillis());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getInputStream().read();
            return null;
        } catch (SSLException e) {
            return e;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Certificate> certificates(String setting, Path file) {
        String pem = read(setting, file);
        List<Certificate> certificates;
        try {
            certificates = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException e) {
            throw new IllegalStateException(setting + ": " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException(setting + ": " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** RSA (PKCS#1 or PKCS#8) or EC keys, as openssl writes them; MINA's PEM parsers need no extra security provider. */
    private static PrivateKey key(String setting, Path file) {
        String pem = read(setting, file);
        Iterator<KeyPair> keys;
        try {
            keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)), null).iterator();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(setting + ": " + file + " is not an unencrypted PEM private key: " + e.getMessage(), e);
        }
        if (!keys.hasNext()) {
            throw new IllegalStateException(setting + ": " + file + " holds no PEM private key (RSA or EC, unencrypted)");
        }
        return keys.next().getPrivate();
    }

    private static String read(String setting, Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(setting + ": " + file + " is missing; the folder must hold ca.pem, cert.pem and key.pem");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
