package io.patchrun.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logins {@code docker login} stored in the {@code auths} of the Docker CLI's config file. Logins kept in a
 * credential helper ({@code credsStore}, {@code credHelpers}) are not read: they need the helper program.
 */
final class DockerConfigAuths {

    private DockerConfigAuths() {
    }

    /** The file's logins, none when it does not exist. */
    static List<RegistryCredentials> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode auths;
        try {
            auths = JsonMapper.shared().readTree(Files.readString(file)).path("auths");
        } catch (IOException e) {
            throw new UncheckedIOException("reading registry logins from " + file + " failed: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("reading registry logins from " + file + " failed: it is not valid JSON ("
                    + e.getOriginalMessage() + "); fix the file or point patchrun at another Docker config", e);
        }
        List<RegistryCredentials> logins = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : auths.properties()) {
            login(file, entry.getKey(), entry.getValue()).ifPresent(logins::add);
        }
        return logins;
    }

    /** An entry's login from its base64 {@code auth} field, or its plain {@code username} and {@code password}. */
    private static Optional<RegistryCredentials> login(Path file, String server, JsonNode entry) {
        String auth = entry.path("auth").asString("");
        if (auth.isEmpty()) {
            String username = entry.path("username").asString("");
            return username.isEmpty() ? Optional.empty()
                    : Optional.of(new RegistryCredentials(server, username, entry.path("password").asString("")));
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidAuth(file, server, e);
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw invalidAuth(file, server, null);
        }
        return Optional.of(new RegistryCredentials(server, pair.substring(0, colon), pair.substring(colon + 1)));
    }

    private static IllegalArgumentException invalidAuth(Path file, String server, Exception cause) {
        return new IllegalArgumentException("reading registry logins from " + file + " failed: the 'auth' of '" + server
                + "' is not base64 of user:password; run 'docker login " + server + "' again or remove the entry", cause);
    }
}
