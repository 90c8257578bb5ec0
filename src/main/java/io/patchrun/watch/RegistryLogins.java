package io.patchrun.watch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login to offer each registry, the one lookup digest checks, builds, pushes and pulls share. In order:
 * <ol>
 *   <li>a login from configuration ({@code patchrun.registry.credentials});</li>
 *   <li>the credential helper the Docker config file's {@code credHelpers} names for the registry;</li>
 *   <li>the helper its {@code credsStore} names for every registry;</li>
 *   <li>a login {@code docker login} stored in its {@code auths}.</li>
 * </ol>
 * A login is for one registry host[:port] exactly ({@link RegistryEndpoints#loginKey}). The config file is
 * read again when it changes, and a helper's answer is remembered for {@link #REMEMBERED}, so that a
 * {@code docker login} made while Patchrun runs is used without a helper run for every request.
 * Safe for concurrent use.
 */
public final class RegistryLogins {

    /** How long a credential helper's answer is used before the program is asked again. */
    public static final Duration REMEMBERED = Duration.ofMinutes(1);
    /** How long a credential helper may take to answer. */
    public static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);

    private record HelperKey(String helper, String server) {
    }

    private record HelperAnswer(Optional<RegistryCredentials> login, Instant expiresAt) {
    }

    private record FileStamp(boolean exists, long modified, long size) {
    }

    private final Map<String, RegistryCredentials> configured;
    private final Path dockerConfig;
    private final CredentialHelpers helpers;
    private final Clock clock;
    private final Map<HelperKey, HelperAnswer> answers = new ConcurrentHashMap<>();
    private final Map<HelperKey, Object> askLocks = new ConcurrentHashMap<>();
    private DockerConfigFile file;
    private FileStamp fileStamp;

    /**
     * @param configured   logins from configuration; they win over the Docker config file's
     * @param dockerConfig the Docker CLI's {@code config.json}; it need not exist
     * @param helperPath   the folders searched for {@code docker-credential-<name>} programs, as {@code PATH} is
     * @throws RegistryLoginException when the Docker config file exists but cannot be understood
     */
    public RegistryLogins(List<RegistryCredentials> configured, Path dockerConfig, List<Path> helperPath, Clock clock) {
        Map<String, RegistryCredentials> byKey = new HashMap<>();
        configured.forEach(login -> byKey.put(RegistryEndpoints.loginKey(login.registry()), login));
        this.configured = Map.copyOf(byKey);
        this.dockerConfig = Objects.requireNonNull(dockerConfig, "dockerConfig");
        this.helpers = new CredentialHelpers(helperPath, HELPER_TIMEOUT);
        this.clock = clock;
        dockerConfigFile();
    }

    /** Configured logins, the user's Docker config file and the programs on {@code PATH}. */
    public static RegistryLogins ofUser(List<RegistryCredentials> configured) {
        return new RegistryLogins(configured, defaultDockerConfig(), searchPath(System.getenv("PATH")), Clock.systemUTC());
    }

    /** Where the Docker CLI keeps its config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultDockerConfig() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return base.resolve("config.json");
    }

    /** The folders of a {@code PATH}-style list ({@code /usr/local/bin:/usr/bin}); empty entries are skipped. */
    public static List<Path> searchPath(String pathList) {
        if (pathList == null) {
            return List.of();
        }
        return Arrays.stream(pathList.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).map(Path::of).toList();
    }

    /**
     * The login for a registry, or empty when none is known.
     *
     * @param registry host[:port] as in image references ({@code docker.io}, {@code 127.0.0.1:5000})
     * @throws RegistryLoginException when the config file is broken or a credential helper is missing or fails
     */
    public Optional<RegistryCredentials> forRegistry(String registry) {
        String key = RegistryEndpoints.loginKey(registry);
        RegistryCredentials login = configured.get(key);
        if (login != null) {
            return Optional.of(login);
        }
        DockerConfigFile config = dockerConfigFile();
        Optional<Map.Entry<String, String>> perRegistry = config.helperFor(key);
        if (perRegistry.isPresent()) {
            Optional<RegistryCredentials> found = ask(perRegistry.get().getValue(), perRegistry.get().getKey(), key,
                    "credHelpers of " + config.file());
            if (found.isPresent()) {
                return found;
            }
        }
        if (config.credsStore() != null) {
            Optional<RegistryCredentials> found = ask(config.credsStore(), config.serverFor(key), key, "credsStore of " + config.file());
            if (found.isPresent()) {
                return found;
            }
        }
        return config.stored(key);
    }

    /**
     * What a user does about a registry that refused access, naming where the offered login came from, or
     * where a login would go when none was offered.
     */
    public String whatToConfigure(String registry, Optional<RegistryCredentials> offered) {
        return offered.map(login -> "check the password of user '" + login.username() + "' for " + registry + " in "
                        + login.source())
                .orElseGet(() -> "add a login for " + registry + " to patchrun.registry.credentials, or run 'docker login "
                        + registry + "' as the user running patchrun (its logins are read from " + dockerConfig + ")");
    }

    private Optional<RegistryCredentials> ask(String helper, String server, String registry, String source) {
        HelperKey key = new HelperKey(helper, server);
        HelperAnswer known = answers.get(key);
        if (live(known)) {
            return known.login();
        }
        synchronized (askLocks.computeIfAbsent(key, k -> new Object())) {
            known = answers.get(key);
            if (live(known)) {
                return known.login();
            }
            Optional<RegistryCredentials> login = helpers.get(helper, server, registry, source);
            answers.put(key, new HelperAnswer(login, clock.instant().plus(REMEMBERED)));
            return login;
        }
    }

    private boolean live(HelperAnswer answer) {
        return answer != null && clock.instant().isBefore(answer.expiresAt());
    }

    /** The config file as it is now: read again only when its time or size changed. */
    private synchronized DockerConfigFile dockerConfigFile() {
        FileStamp stamp = stamp();
        if (file == null || !stamp.equals(fileStamp)) {
            file = DockerConfigFile.read(dockerConfig);
            fileStamp = stamp;
        }
        return file;
    }

    private FileStamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dockerConfig, BasicFileAttributes.class);
            return new FileStamp(true, attributes.lastModifiedTime().toMillis(), attributes.size());
        } catch (IOException e) {
            return new FileStamp(false, 0, 0);
        }
    }
}
