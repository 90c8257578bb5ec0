package io.patchrun.watch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password for one registry.
 *
 * @param registry host[:port] as in image references ({@code docker.io}, {@code 127.0.0.1:5000}); a
 *                 {@code docker login} server address such as {@code https://index.docker.io/v1/} is accepted too
 */
public record RegistryCredentials(String registry, String username, String password) {

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
    }

    /** The value of an {@code Authorization} header sending these credentials as HTTP Basic. */
    String basicAuthorization() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[registry=" + registry + ", username=" + username + ", password=****]";
    }
}
