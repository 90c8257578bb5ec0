package io.patchrun.source;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How Git remotes are reached: the logins, chosen by URL prefix, and the {@code known_hosts} file that
 * SSH host keys must be listed in. Patchrun never adds a host key there itself.
 *
 * @param credentials logins by URL prefix; the longest prefix that matches at a boundary wins
 * @param knownHosts  the {@code known_hosts} file for SSH remotes; default {@code ~/.ssh/known_hosts}
 */
public record GitAccess(List<GitCredentials> credentials, Path knownHosts) {

    public GitAccess {
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        knownHosts = knownHosts == null ? home().resolve(".ssh").resolve("known_hosts") : expandHome(knownHosts);
    }

    /** No logins, the default {@code known_hosts}: enough for local paths and public remotes. */
    public static GitAccess anonymous() {
        return new GitAccess(List.of(), null);
    }

    /** The login for {@code remote}: the one whose prefix matches its URL (without user info) and is longest. */
    Optional<GitCredentials> credentialsFor(RemoteUrl remote) {
        return credentials.stream()
                .filter(candidate -> candidate.appliesTo(remote.display()))
                .max(Comparator.comparingInt(candidate -> candidate.urlPrefix().length()));
    }

    /** {@code ~/x} as a path in the home folder of the user running Patchrun; other paths as they are. */
    static Path expandHome(Path path) {
        if (path.getNameCount() > 0 && path.getName(0).toString().equals("~") && !path.isAbsolute()) {
            Path rest = path.getNameCount() == 1 ? Path.of("") : path.subpath(1, path.getNameCount());
            return home().resolve(rest);
        }
        return path;
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
