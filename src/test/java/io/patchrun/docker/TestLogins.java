package io.patchrun.docker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryLogins;

/** Engine logins for tests: never the user's own Docker config or credential programs. */
final class TestLogins {

    static final Path NO_DOCKER_CONFIG = Path.of("target", "no-such-dir", "config.json");

    private TestLogins() {
    }

    static EngineLogins none() {
        return of(List.of(), NO_DOCKER_CONFIG, List.of());
    }

    static EngineLogins of(List<RegistryCredentials> configured, Path dockerConfig, List<Path> helperPath) {
        return new EngineLogins(new RegistryLogins(configured, dockerConfig, helperPath, Clock.systemUTC()));
    }
}
