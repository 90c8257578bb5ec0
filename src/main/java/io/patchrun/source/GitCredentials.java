package io.patchrun.source;

import java.util.Objects;

/**
 * A user name and password (or token) for the http(s) Git remotes whose URL starts with {@code urlPrefix};
 * when several prefixes match, the longest wins. {@link #toString()} never shows the password.
 *
 * @param urlPrefix start of the remote URLs these credentials are for, e.g. {@code https://git.example.com/team/}
 * @param username  user name, for token-only hosts often any non-empty word
 * @param password  password or access token
 */
public record GitCredentials(String urlPrefix, String username, String password) {

    public GitCredentials {
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (!urlPrefix.startsWith("http://") && !urlPrefix.startsWith("https://")) {
            throw new IllegalArgumentException("Git credentials are for http(s) remotes; urlPrefix must start with "
                    + "http:// or https://, got '" + RemoteUrl.stripUserInfo(urlPrefix) + "'");
        }
        if (RemoteUrl.hasUserInfo(urlPrefix)) {
            throw new IllegalArgumentException("Git credentials urlPrefix must not contain a user name or password, "
                    + "got '" + RemoteUrl.stripUserInfo(urlPrefix) + "'; give them as username and password");
        }
    }

    boolean appliesTo(String url) {
        return url.startsWith(urlPrefix);
    }

    @Override
    public String toString() {
        return "GitCredentials[urlPrefix=" + urlPrefix + ", username=" + username + ", password=****]";
    }
}
