package io.patchrun.docker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the engine.
 *
 * @param host the engine's address ({@code unix:///var/run/docker.sock}, {@code tcp://127.0.0.1:2375});
 *             empty means the {@code DOCKER_HOST} default
 */
@ConfigurationProperties("patchrun.docker")
record DockerProperties(String host) {
}
