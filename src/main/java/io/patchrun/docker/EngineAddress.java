package io.patchrun.docker;

import java.util.Objects;

/**
 * Where one named engine is reached: what {@link DockerClients#engine(EngineAddress)} needs.
 *
 * @param name        the engine's name ({@code patchrun.engines[i].name}, or {@code local})
 * @param host        {@code unix://}, {@code tcp://} or {@code ssh://} address; {@code null} or blank for the {@code DOCKER_HOST} default
 * @param tlsCertPath folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem} for {@code tcp://} with TLS; {@code null} for none
 */
public record EngineAddress(String name, String host, String tlsCertPath) {

    public EngineAddress {
        Objects.requireNonNull(name, "name");
    }

    /** The address for messages: the host, or where the {@code DOCKER_HOST} default points. */
    public String describe() {
        return DockerClients.describe(host);
    }
}
