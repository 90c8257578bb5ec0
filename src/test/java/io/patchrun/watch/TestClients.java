package io.patchrun.watch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Registry clients for tests: never the user's own Docker config or credential helpers, so results do not depend on who runs them. */
final class TestClients {

    static final Path NO_DOCKER_CONFIG = Path.of("target", "no-such-dir", "config.json");
    static final RegistryOptions OPTIONS = new RegistryOptions(Duration.ofSeconds(5), Duration.ofSeconds(5));

    private TestClients() {
    }

    static RegistryClient anonymous(Clock clock) {
        return with(OPTIONS, clock);
    }

    static RegistryClient with(RegistryOptions options, Clock clock) {
        return new RegistryClient(options, logins(List.of(), NO_DOCKER_CONFIG, List.of(), clock), clock);
    }

    static RegistryClient withLogin(RegistryCredentials login, Clock clock) {
        return new RegistryClient(OPTIONS, logins(List.of(login), NO_DOCKER_CONFIG, List.of(), clock), clock);
    }

    static RegistryClient withDockerConfig(Path dockerConfig, Clock clock) {
        return new RegistryClient(OPTIONS, logins(List.of(), dockerConfig, List.of(), clock), clock);
    }

    static RegistryLogins logins(List<RegistryCredentials> configured, Path dockerConfig, List<Path> helperPath, Clock clock) {
        return new RegistryLogins(configured, dockerConfig, helperPath, clock);
    }

    /** A login as configuration gives it. */
    static RegistryCredentials configured(String registry, String username, String password) {
        return new RegistryCredentials(registry, username, password, "patchrun.registry.credentials[0]");
    }
}
