package io.patchrun.docker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes docker-java clients for one engine address; the only place that knows the transport: the unix socket,
 * {@code tcp://} (with TLS client certificates when a cert folder is given) and {@code ssh://} through
 * {@link SshEngineTunnel}.
 */
public final class DockerClients {

    private static final Logger LOG = LoggerFactory.getLogger(DockerClients.class);
    private static final Set<String> WARNED_PLAIN_TCP = ConcurrentHashMap.newKeySet();

    private DockerClients() {
    }

    /**
     * @param host the engine's address, or {@code null}/blank for the {@code DOCKER_HOST} default
     */
    public static DockerClient connect(String host) {
        return connectTo(EngineAddress.of("patchrun.docker", host));
    }

    /**
     * A client for {@code address}. Files the transport needs (certificates, keys, known_hosts) are checked here, and a
     * problem with one fails with the setting and the file; the engine itself is first contacted by the first call, so
     * an engine that is down fails its calls, not this. (Not an overload of {@link #connect(String)}: {@code connect(null)}
     * would become ambiguous.)
     */
    public static DockerClient connectTo(EngineAddress address) {
        SSLContext tls = address.tlsCertPath() != null ? EngineTls.load(address) : null;
        if (address.isTcp() && tls == null) {
            warnPlainTcp(address);
        }
        SshEngineTunnel tunnel = address.isSsh() ? SshEngineTunnel.open(address) : null;
        try {
            DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
            if (tunnel != null) {
                config.withDockerHost(tunnel.localHost());
            } else if (address.host() != null) {
                config.withDockerHost(address.host());
            }
            DefaultDockerClientConfig built = config.build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(built.getDockerHost())
                    .sslConfig(tls != null ? () -> tls : built.getSSLConfig())
                    .maxConnections(64)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .responseTimeout(Duration.ofMinutes(30))
                    .build();
            return DockerClientImpl.getInstance(built, new EngineHttpClient(http, address, tls, tunnel));
        } catch (RuntimeException e) {
            if (tunnel != null) {
                tunnel.close();
            }
            throw e;
        }
    }

    /** Plain TCP lets anyone on the network drive the engine; loopback is only the machine itself. */
    private static void warnPlainTcp(EngineAddress address) {
        String hostName = URI.create(address.host()).getHost();
        if (isLoopback(hostName) || !WARNED_PLAIN_TCP.add(address.host())) {
            return;
        }
        LOG.warn("{} is {}: plain TCP, unencrypted and unauthenticated; anyone who reaches that port controls the engine. "
                + "Set {} to a folder with ca.pem, cert.pem and key.pem to use TLS", address.setting("host"), address.host(),
                address.setting("tls-cert-path"));
    }

    private static boolean isLoopback(String hostName) {
        try {
            return hostName != null && InetAddress.getByName(hostName).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The address a client made by {@link #connect(String)} talks to, for messages. */
    public static String describe(String host) {
        return host != null && !host.isBlank() ? host
                : DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }
}
