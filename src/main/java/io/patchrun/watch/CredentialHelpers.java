package io.patchrun.watch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks {@code docker-credential-<name>} programs for logins the way the Docker CLI does: the program is
 * found on a search path and run as {@code docker-credential-<name> get} with the server address on
 * standard input; it answers {@code {"ServerURL", "Username", "Secret"}} as JSON, or exits non-zero
 * saying "credentials not found" when it holds none.
 */
final class CredentialHelpers {

    static final String PROGRAM_PREFIX = "docker-credential-";
    /** The user name helpers answer with when the secret is an identity token rather than a password. */
    static final String IDENTITY_TOKEN_USER = "<token>";
    private static final int MAX_QUOTED = 200;

    private final List<Path> searchPath;
    private final Duration timeout;

    /**
     * @param searchPath the folders searched for the programs, in order, as {@code PATH} is
     * @param timeout    how long a program may take to answer
     */
    CredentialHelpers(List<Path> searchPath, Duration timeout) {
        this.searchPath = List.copyOf(searchPath);
        this.timeout = timeout;
    }

    /**
     * The login the program holds for the server, or empty when it holds none.
     *
     * @param name     the helper's name ({@code desktop} for {@code docker-credential-desktop})
     * @param server   the server address as {@code docker login} stored it
     * @param registry the registry the login is for, for messages
     * @param source   where the helper is named ({@code credsStore of /root/.docker/config.json}), for messages
     * @throws RegistryLoginException when the program is missing, fails, takes too long or answers nonsense
     */
    Optional<RegistryCredentials> get(String name, String server, String registry, String source) {
        String program = PROGRAM_PREFIX + name;
        String describe = program + " (" + source + ")";
        Path executable = find(program).orElseThrow(() -> new RegistryLoginException("reading the login for " + registry
                + " failed: " + source + " names the credential helper '" + name + "', but no " + program + " is on the search path "
                + searchPath.stream().map(Path::toString).collect(Collectors.joining(":"))
                + "; install it, set patchrun.registry.credential-helper-path to its folder, or remove it from the file"));
        Answer answer = run(executable, server, registry, describe);
        if (answer.exitCode() != 0) {
            String said = (answer.out() + " " + answer.err()).strip();
            if (said.toLowerCase(Locale.ROOT).contains("credentials not found")) {
                return Optional.empty();
            }
            throw new RegistryLoginException("reading the login for " + registry + " failed: " + describe + " exited with "
                    + answer.exitCode() + (said.isEmpty() ? "" : ": " + quoted(said)) + "; check that program, or run 'docker login "
                    + registry + "' again");
        }
        return parse(answer.out(), registry, describe);
    }

    private Optional<Path> find(String program) {
        return searchPath.stream().map(dir -> dir.resolve(program))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file)).findFirst();
    }

    private record Answer(int exitCode, String out, String err) {
    }

    private Answer run(Path executable, String server, String registry, String describe) {
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "get").start();
        } catch (IOException e) {
            throw new RegistryLoginException("reading the login for " + registry + " failed: " + describe + " could not be started: "
                    + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), CredentialHelpers::reader);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), CredentialHelpers::reader);
        try {
            // The Docker CLI sends the address without a line break; helpers read standard input to its end.
            try (OutputStream in = process.getOutputStream()) {
                in.write(server.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A helper that does not read its input closes the pipe early; its answer still counts.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RegistryLoginException("reading the login for " + registry + " failed: " + describe
                        + " did not answer within " + timeout.toSeconds() + " s; check that program (does it wait for a password prompt?)");
            }
            return new Answer(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryLoginException("reading the login for " + registry + " failed: interrupted while " + describe
                    + " was answering", e);
        } catch (ExecutionException e) {
            throw new RegistryLoginException("reading the login for " + registry + " failed: the answer of " + describe
                    + " could not be read: " + e.getCause().getMessage(), e.getCause());
        } finally {
            process.destroyForcibly();
        }
    }

    /** Reads the protocol's answer; the program's own words are never quoted back, since they hold the secret. */
    private static Optional<RegistryCredentials> parse(String out, String registry, String describe) {
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(out);
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new RegistryLoginException("reading the login for " + registry + " failed: " + describe
                    + " answered with something other than the JSON of the credential helper protocol; check that program");
        }
        String username = json.path("Username").asString("");
        String secret = json.path("Secret").asString("");
        if (username.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (username.equals(IDENTITY_TOKEN_USER)) {
            throw new RegistryLoginException("reading the login for " + registry + " failed: " + describe
                    + " holds an identity token for it, which patchrun cannot use; log in with a user name and password"
                    + " (docker login -u USER " + registry + ") or add a login to patchrun.registry.credentials");
        }
        if (username.isEmpty()) {
            throw new RegistryLoginException("reading the login for " + registry + " failed: " + describe
                    + " answered without a Username; check that program, or run 'docker login " + registry + "' again");
        }
        return Optional.of(new RegistryCredentials(registry, username, secret, describe));
    }

    /** Each output is read on a thread of its own, so that neither a full pipe nor a busy shared pool can stall the program. */
    private static void reader(Runnable read) {
        Thread thread = new Thread(read, "credential-helper-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String said) {
        String line = said.lines().findFirst().orElse("").strip();
        return "'" + (line.length() > MAX_QUOTED ? line.substring(0, MAX_QUOTED) + "…" : line) + "'";
    }
}
