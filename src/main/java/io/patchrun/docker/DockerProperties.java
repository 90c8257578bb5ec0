package io.patchrun.docker;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the engine.
 *
 * @param host        the engine's address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2376},
 *                    {@code ssh://user@host}); empty means the {@code DOCKER_HOST} default
 * @param tlsCertPath for {@code tcp://}: the folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem}; empty means plain TCP
 * @param sshKey      for {@code ssh://}: the private key; empty means {@code ~/.ssh/id_ed25519}, else {@code ~/.ssh/id_rsa}
 * @param knownHosts  for {@code ssh://}: the {@code known_hosts} file; empty means {@code ~/.ssh/known_hosts}
 */
@ConfigurationProperties("patchrun.docker")
record DockerProperties(String host, String tlsCertPath, String sshKey, String knownHosts) {

    EngineAddress address() {
        return new EngineAddress("patchrun.docker", host, path(tlsCertPath), path(sshKey), path(knownHosts));
    }

    /** A configured path, {@code ~/} meaning the user's home as in a shell; {@code null} when not set. */
    static Path path(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String path = value.strip();
        return path.equals("~") || path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(1)) : Path.of(path);
    }
}
