package io.patchrun.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A login for the Git remotes whose URL starts with {@code urlPrefix} at a boundary: the prefix ends in
 * {@code /} or {@code :}, or the URL goes on with one of them, or ends there. So a login for
 * {@code https://git.example.com} is used for {@code https://git.example.com/team/web.git} but never sent to
 * {@code https://git.example.com.evil.net/web.git}. When several match, the longest prefix wins.
 *
 * <p>http(s) remotes log in with a user name and password (or token); SSH remotes ({@code ssh://} and
 * scp-like {@code git@host:path}) with a private key file. {@link #toString()} never shows the password or
 * the passphrase.
 *
 * @param urlPrefix  start of the remote URLs these credentials are for, e.g. {@code https://git.example.com/team/},
 *                   {@code ssh://git.example.com/team/} or {@code git@git.example.com:team/}; a {@code scheme://}
 *                   URL is compared without its user name
 * @param username   http(s): user name, for token-only hosts often any non-empty word
 * @param password   http(s): password or access token
 * @param sshKey     SSH: the private key file (OpenSSH or PEM format); {@code ~/} is the home folder
 * @param passphrase SSH: the key file's passphrase, when it has one
 */
public record GitCredentials(String urlPrefix, String username, String password, Path sshKey, String passphrase) {

    public GitCredentials {
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        if (RemoteUrl.hasUserInfo(urlPrefix)) {
            throw invalid(RemoteUrl.stripUserInfo(urlPrefix), "url-prefix must not contain a user name or password; give "
                    + "them as username and password");
        }
        if (RemoteUrl.isHttp(urlPrefix)) {
            if (username == null || password == null) {
                throw invalid(urlPrefix, "an http(s) login needs username and password");
            }
            if (sshKey != null || passphrase != null) {
                throw invalid(urlPrefix, "ssh-key and passphrase are for SSH remotes (ssh:// or git@host:path), not http(s)");
            }
        } else if (RemoteUrl.isSsh(urlPrefix)) {
            if (sshKey == null) {
                throw invalid(urlPrefix, "an SSH login needs ssh-key, the private key file (and passphrase when it has one)");
            }
            if (username != null || password != null) {
                throw invalid(urlPrefix, "SSH remotes log in with ssh-key, not username and password; the user name "
                        + "goes into the URL (git@host:path, ssh://git@host/path)");
            }
            sshKey = GitAccess.expandHome(sshKey);
        } else {
            throw invalid(urlPrefix, "url-prefix must start with http://, https:// or ssh://, or be scp-like "
                    + "[user@]host:path");
        }
    }

    private static IllegalArgumentException invalid(String urlPrefix, String why) {
        return new IllegalArgumentException("Git credentials for url-prefix '" + urlPrefix + "': " + why);
    }

    /** Whether {@code url} (without user name or password for a {@code scheme://} URL) starts with the prefix at a boundary. */
    boolean appliesTo(String url) {
        if (!url.startsWith(urlPrefix)) {
            return false;
        }
        if (url.length() == urlPrefix.length()) {
            return true;
        }
        return isBoundary(urlPrefix.charAt(urlPrefix.length() - 1)) || isBoundary(url.charAt(urlPrefix.length()));
    }

    private static boolean isBoundary(char c) {
        return c == '/' || c == ':';
    }

    /** Whether this is a key for SSH remotes rather than a password for http(s) ones. */
    boolean isSsh() {
        return sshKey != null;
    }

    /** What must never show in a message, log or page: the password or passphrase. */
    String secret() {
        return isSsh() ? passphrase : password;
    }

    @Override
    public String toString() {
        if (isSsh()) {
            return "GitCredentials[urlPrefix=" + urlPrefix + ", sshKey=" + sshKey
                    + (passphrase == null ? "" : ", passphrase=****") + "]";
        }
        return "GitCredentials[urlPrefix=" + urlPrefix + ", username=" + username + ", password=****]";
    }
}
