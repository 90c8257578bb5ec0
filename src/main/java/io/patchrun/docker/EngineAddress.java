package io.patchrun.docker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

import io.patchrun.container.Engines;

/**
 * How to reach one engine: its name, its address and what the transport needs to trust it and log in.
 *
 * @param name        the engine's name ({@code patchrun.engines[i].name}, or {@code local} for the one engine of
 *                    {@code patchrun.docker})
 * @param settings    the settings these values came from ({@code patchrun.docker}, {@code patchrun.engines[0]}), named in
 *                    error messages so that the user knows what to change
 * @param host        {@code unix:///path}, {@code tcp://host:port} or {@code ssh://user@host[:port]}; {@code null} or
 *                    blank for the {@code DOCKER_HOST} default
 * @param tlsCertPath for {@code tcp://}: a folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem} (Docker's
 *                    {@code DOCKER_CERT_PATH}); {@code null} means plain, unauthenticated TCP
 * @param sshKey      for {@code ssh://}: the private key to log in with; {@code null} means {@code ~/.ssh/id_ed25519},
 *                    else {@code ~/.ssh/id_rsa}
 * @param knownHosts  for {@code ssh://}: the {@code known_hosts} file the engine's host key must be in; {@code null}
 *                    means {@code ~/.ssh/known_hosts}
 */
public record EngineAddress(String name, String settings, String host, Path tlsCertPath, Path sshKey, Path knownHosts) {

    public EngineAddress {
        Objects.requireNonNull(name, "name");
        if (settings == null || settings.isBlank()) {
            throw new IllegalArgumentException("an engine address needs the settings it came from, for its error messages");
        }
        host = host == null || host.isBlank() ? null : host.strip();
        if (host != null) {
            String scheme = URI.create(host).getScheme();
            if (!"unix".equals(scheme) && !"tcp".equals(scheme) && !"ssh".equals(scheme) && !"npipe".equals(scheme)) {
                throw new IllegalArgumentException(settings + ".host: " + host
                        + " is not an engine address; use unix:///var/run/docker.sock, tcp://HOST:PORT or ssh://USER@HOST[:PORT]");
            }
        }
        if (tlsCertPath != null && (host == null || !host.startsWith("tcp://"))) {
            throw new IllegalArgumentException(settings + ".tls-cert-path is set, but " + settings + ".host "
                    + (host == null ? "is not" : "(" + host + ") is not a tcp:// address")
                    + "; TLS client certificates are for tcp:// engines only");
        }
    }

    /** The one engine of {@code patchrun.docker}, or an engine known only by its settings, named {@value Engines#DEFAULT_NAME}. */
    public EngineAddress(String settings, String host, Path tlsCertPath, Path sshKey, Path knownHosts) {
        this(Engines.DEFAULT_NAME, settings, host, tlsCertPath, sshKey, knownHosts);
    }

    /** The address alone, with no TLS or SSH settings: the {@code DOCKER_HOST} default when {@code host} is blank. */
    public static EngineAddress of(String settings, String host) {
        return new EngineAddress(settings, host, null, null, null);
    }

    /** The address for messages: the host, or where the {@code DOCKER_HOST} default points. */
    public String describe() {
        return DockerClients.describe(host);
    }

    /** {@code settings.key}, for messages. */
    String setting(String key) {
        return settings + "." + key;
    }

    boolean isSsh() {
        return host != null && host.startsWith("ssh://");
    }

    boolean isTcp() {
        return host != null && host.startsWith("tcp://");
    }
}
