package io.patchrun.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Registry options for tests: never the user's own Docker config, so results do not depend on who runs them. */
final class TestOptions {

    static final Path NO_DOCKER_CONFIG = Path.of("target", "no-such-dir", "config.json");

    private TestOptions() {
    }

    static RegistryOptions anonymous() {
        return new RegistryOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(), NO_DOCKER_CONFIG);
    }

    static RegistryOptions withLogin(RegistryCredentials login) {
        return new RegistryOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(login), NO_DOCKER_CONFIG);
    }

    static RegistryOptions withDockerConfig(Path dockerConfig) {
        return new RegistryOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(), dockerConfig);
    }
}
