package io.patchrun.docker;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import io.patchrun.container.Engines;

/** Makes docker-java clients for one engine address; the only place that knows the transport. */
public final class DockerClients {

    private DockerClients() {
    }

    /**
     * @param host the engine's address, or {@code null}/blank for the {@code DOCKER_HOST} default
     */
    public static DockerClient connect(String host) {
        return engine(new EngineAddress(Engines.DEFAULT_NAME, host, null));
    }

    /** A client for one named engine: its host, and for {@code tcp://} with TLS the folder of its client certificate. */
    public static DockerClient engine(EngineAddress address) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (address.host() != null && !address.host().isBlank()) {
            config.withDockerHost(address.host());
        }
        if (address.tlsCertPath() != null && !address.tlsCertPath().isBlank()) {
            config.withDockerTlsVerify(true).withDockerCertPath(address.tlsCertPath());
        }
        DefaultDockerClientConfig built = config.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(30))
                .build();
        return DockerClientImpl.getInstance(built, http);
    }

    /** The address a client made by {@link #connect(String)} talks to, for messages. */
    public static String describe(String host) {
        return host != null && !host.isBlank() ? host
                : DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }
}
