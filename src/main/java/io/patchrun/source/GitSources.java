package io.patchrun.source;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;

/**
 * Fetches of Git repositories, kept in a workspace folder: each remote is cloned once into its own folder
 * (without a working tree) and fetched again on every later fetch. Works with local paths, {@code file://}, http(s) and
 * SSH ({@code ssh://}, {@code git@host:path}) remotes, logging in as the {@link GitAccess} given here says.
 *
 * <p>Safe for concurrent use: fetches of one remote take turns (also across processes sharing the
 * workspace), fetches of different remotes run in parallel. Reading a fetched {@link Revision}, or checking it
 * out for a run ({@link RunCheckouts}), needs no turn: both read Git's objects, which a fetch only adds to.
 */
public final class GitSources {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final Workspace workspace;
    private final GitAccess access;
    private final Duration timeout;

    /**
     * @param workspace folder for the clones, e.g. {@code data/git}; created when missing
     * @param access    logins by URL prefix and the {@code known_hosts} file for SSH remotes
     */
    public GitSources(Path workspace, GitAccess access) {
        this(workspace, access, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout how long the network may stay silent before a fetch is given up
     */
    public GitSources(Path workspace, GitAccess access, Duration timeout) {
        this.workspace = new Workspace(Objects.requireNonNull(workspace, "workspace"));
        this.access = Objects.requireNonNull(access, "access");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("Git timeout must be at least one second, got " + timeout);
        }
    }

    /**
     * Fetches {@code url} and resolves {@code ref} to the commit it names now. No working tree is written:
     * the commit's files are read from Git's objects ({@link Revision#read}) and checked out, for a run
     * alone, by {@link RunCheckouts}.
     *
     * @param url what Git clones: a local path (relative ones are taken from the working directory),
     *            a {@code file://}, http(s) or SSH URL
     * @param ref a branch or tag (a branch wins when both exist), or {@code null} for the remote's HEAD
     * @throws SourceException when the remote cannot be reached, refuses the login or its host key is not
     *                         known, or has no such ref; the message names the URL without credentials,
     *                         the ref and Git's reason, never a password or passphrase
     */
    public Revision fetch(String url, String ref) {
        RemoteUrl remote = remote(url, ref);
        Path dir = workspace.folderFor(remote);
        try (RemoteLogin login = open(remote, ref);
             Workspace.Hold hold = workspace.hold(dir)) {
            try {
                return new GitFetch(dir, remote, ref, login, (int) timeout.toSeconds()).call();
            } catch (IOException | GitAPIException | JGitInternalException e) {
                // The original exception is kept as the cause only when it mentions no secret, so a logged
                // stack trace cannot leak one either.
                throw new SourceException(remote.display(), ref, login.reason(e), login.isClean(e) ? e : null);
            }
        } catch (IOException e) {
            throw new SourceException(remote.display(), ref, "cannot use its clone folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private RemoteLogin open(RemoteUrl remote, String ref) {
        try {
            return RemoteLogin.open(remote, access);
        } catch (IllegalArgumentException e) {
            throw new SourceException(remote.display(), ref, e.getMessage(), e);
        }
    }

    private static RemoteUrl remote(String url, String ref) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a Git remote URL cannot be empty (ref " + ref + ")");
        }
        try {
            return RemoteUrl.of(url);
        } catch (IllegalArgumentException e) {
            throw new SourceException(RemoteUrl.stripUserInfo(url), ref, e.getMessage());
        }
    }
}
