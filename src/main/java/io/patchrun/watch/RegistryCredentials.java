package io.patchrun.watch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password for one registry, and where they were found.
 *
 * @param registry host[:port] as in image references ({@code docker.io}, {@code 127.0.0.1:5000}); a
 *                 {@code docker login} server address such as {@code https://index.docker.io/v1/} is accepted too
 * @param source   where the login comes from, in the user's terms, so that a refused login says what to
 *                 fix ({@code patchrun.registry.credentials[0]}, {@code auths of /home/ci/.docker/config.json})
 */
public record RegistryCredentials(String registry, String username, String password, String source) {

    public RegistryCredentials {
        if (registry == null || registry.isBlank()) {
            throw new IllegalArgumentException("registry credentials need the registry they are for");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("registry credentials for " + registry + " need a user name");
        }
        if (password == null) {
            throw new IllegalArgumentException("registry credentials for " + registry + " need a password (it may be empty)");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("registry credentials for " + registry + " need to say where they come from");
        }
    }

    /** The value of an {@code Authorization} header sending these credentials as HTTP Basic. */
    String basicAuthorization() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[registry=" + registry + ", username=" + username + ", password=****, source=" + source + "]";
    }
}
