package io.patchrun.docker;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.github.dockerjava.transport.DockerHttpClient;

/**
 * docker-java's HTTP client for one engine, with what its transport needs around it: a failure to reach the engine
 * says why in the user's terms (the TLS certificate that was refused, the SSH login or host key that failed, the
 * remote {@code docker} that could not run), and closing the client closes the SSH tunnel under it.
 */
final class EngineHttpClient implements DockerHttpClient {

    private final DockerHttpClient http;
    private final EngineAddress address;
    private final SSLContext tls;
    private final SshEngineTunnel tunnel;

    /**
     * @param tls    the TLS settings of a {@code tcp://} engine with a cert path, else {@code null}
     * @param tunnel the tunnel of an {@code ssh://} engine, else {@code null}
     */
    EngineHttpClient(DockerHttpClient http, EngineAddress address, SSLContext tls, SshEngineTunnel tunnel) {
        this.http = http;
        this.address = address;
        this.tls = tls;
        this.tunnel = tunnel;
    }

    @Override
    public Response execute(Request request) {
        long failuresBefore = tunnel == null ? 0 : tunnel.failures();
        try {
            return http.execute(request);
        } catch (RuntimeException e) {
            String why = tunnel != null && tunnel.failures() != failuresBefore ? tunnel.lastFailure()
                    : tls != null ? tlsFailure(e) : null;
            if (why == null) {
                throw e;
            }
            EngineUnreachableException clear = new EngineUnreachableException(request.method() + " " + request.path() + " on "
                    + address.host() + " failed: " + why);
            clear.addSuppressed(e);
            throw clear;
        }
    }

    /** What a TLS failure means for the user; {@code null} when {@code e} is no TLS failure. */
    private String tlsFailure(RuntimeException e) {
        SSLException tls = find(e, SSLException.class);
        if (tls == null && find(e, SocketException.class) != null) {
            URI uri = URI.create(address.host());
            tls = EngineTls.verdict(this.tls, uri.getHost(), uri.getPort());
        }
        if (tls == null) {
            return null;
        }
        String ca = address.tlsCertPath().resolve("ca.pem").toString();
        if (find(tls, CertificateException.class) != null || find(tls, CertPathValidatorException.class) != null
                || find(tls, CertPathBuilderException.class) != null) {
            return "the engine's TLS certificate is not trusted: it must be signed by " + ca + " (" + address.setting("tls-cert-path")
                    + ") and name the host of " + address.host() + " (" + tls.getMessage() + ")";
        }
        return "the engine refused the TLS client certificate " + address.tlsCertPath().resolve("cert.pem") + " ("
                + address.setting("tls-cert-path") + "): it must be signed by the CA the engine trusts (its --tlscacert) ("
                + tls.getMessage() + ")";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        try (Closeable closingTunnel = tunnel == null ? () -> { } : tunnel) {
            http.close();
        }
    }
}
