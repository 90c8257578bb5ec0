package io.patchrun.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Docker CLI's config file says about logins: those {@code docker login} stored in {@code auths},
 * and which credential helper programs hold the others ({@code credsStore} for every registry,
 * {@code credHelpers} per registry).
 *
 * @param file        the file read
 * @param auths       logins stored in the file itself
 * @param servers     every server named in {@code auths}, as written there, including those whose login a helper holds
 * @param credsStore  the helper name for every registry ({@code desktop} runs {@code docker-credential-desktop}), or {@code null}
 * @param credHelpers helper names by server as written in the file
 */
record DockerConfigFile(Path file, List<RegistryCredentials> auths, List<String> servers, String credsStore,
                        Map<String, String> credHelpers) {

    private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    DockerConfigFile {
        auths = List.copyOf(auths);
        servers = List.copyOf(servers);
        credHelpers = Map.copyOf(credHelpers);
    }

    /**
     * The file's logins and helpers, none when it does not exist.
     *
     * @throws RegistryLoginException naming the file and what is wrong with it
     */
    static DockerConfigFile read(Path file) {
        if (!Files.exists(file)) {
            return new DockerConfigFile(file, List.of(), List.of(), null, Map.of());
        }
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new RegistryLoginException("reading registry logins from " + file + " failed: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new RegistryLoginException("reading registry logins from " + file + " failed: it is not valid JSON ("
                    + e.getOriginalMessage() + "); fix the file or set patchrun.registry.docker-config to another one", e);
        }
        List<RegistryCredentials> logins = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.path("auths").properties()) {
            servers.add(entry.getKey());
            login(file, entry.getKey(), entry.getValue()).ifPresent(logins::add);
        }
        String credsStore = root.path("credsStore").asString("");
        Map<String, String> credHelpers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.path("credHelpers").properties()) {
            credHelpers.put(entry.getKey(), helperName(file, "credHelpers." + entry.getKey(), entry.getValue().asString("")));
        }
        return new DockerConfigFile(file, logins, servers,
                credsStore.isEmpty() ? null : helperName(file, "credsStore", credsStore), credHelpers);
    }

    /** The login stored in the file for a registry. */
    Optional<RegistryCredentials> stored(String key) {
        return auths.stream().filter(login -> RegistryEndpoints.loginKey(login.registry()).equals(key)).findFirst();
    }

    /** The helper {@code credHelpers} names for a registry, and the server as the file writes it. */
    Optional<Map.Entry<String, String>> helperFor(String key) {
        return credHelpers.entrySet().stream().filter(entry -> RegistryEndpoints.loginKey(entry.getKey()).equals(key)).findFirst();
    }

    /** The server address {@code docker login} used for a registry: as written in {@code auths}, else the usual one. */
    String serverFor(String key) {
        return servers.stream().filter(server -> RegistryEndpoints.loginKey(server).equals(key)).findFirst()
                .orElseGet(() -> RegistryEndpoints.loginServer(key));
    }

    /** An entry's login from its base64 {@code auth} field, or its plain {@code username} and {@code password}. */
    private static Optional<RegistryCredentials> login(Path file, String server, JsonNode entry) {
        String source = "the auths of " + file;
        String auth = entry.path("auth").asString("");
        if (auth.isEmpty()) {
            String username = entry.path("username").asString("");
            return username.isEmpty() ? Optional.empty()
                    : Optional.of(new RegistryCredentials(server, username, entry.path("password").asString(""), source));
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
        return Optional.of(new RegistryCredentials(server, pair.substring(0, colon), pair.substring(colon + 1), source));
    }

    /** A helper name becomes part of a program name, so it must not be a path. */
    private static String helperName(Path file, String field, String name) {
        if (!HELPER_NAME.matcher(name).matches()) {
            throw new RegistryLoginException("reading registry logins from " + file + " failed: " + field + " is '" + name
                    + "', which is not a credential helper name (letters, digits, '.', '_', '-'); fix the file");
        }
        return name;
    }

    private static RegistryLoginException invalidAuth(Path file, String server, Exception cause) {
        return new RegistryLoginException("reading registry logins from " + file + " failed: the 'auth' of '" + server
                + "' is not base64 of user:password; run 'docker login " + server + "' again or remove the entry", cause);
    }
}
