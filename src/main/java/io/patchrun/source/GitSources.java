package io.patchrun.source;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Checkouts of Git repositories, kept in a workspace folder: each remote is cloned once into its own
 * folder and fetched again on every later checkout. Works with local paths, {@code file://} and
 * http(s) remotes; credentials for http(s) come from the {@link GitCredentials} given here.
 *
 * <p>Safe for concurrent use: checkouts of one remote take turns (also across processes sharing the
 * workspace), checkouts of different remotes run in parallel.
 */
public final class GitSources {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final Workspace workspace;
    private final List<GitCredentials> credentials;
    private final Duration timeout;

    /**
     * @param workspace   folder for the clones, e.g. {@code data/git}; created when missing
     * @param credentials for http(s) remotes, matched by the longest URL prefix
     */
    public GitSources(Path workspace, List<GitCredentials> credentials) {
        this(workspace, credentials, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout how long the network may stay silent before a fetch is given up
     */
    public GitSources(Path workspace, List<GitCredentials> credentials, Duration timeout) {
        this.workspace = new Workspace(Objects.requireNonNull(workspace, "workspace"));
        this.credentials = List.copyOf(credentials);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("Git timeout must be at least one second, got " + timeout);
        }
    }

    /**
     * Fetches {@code url} and checks out {@code ref} as a detached working tree at exactly the fetched
     * commit, discarding any local changes and untracked files in the clone.
     *
     * @param url what Git clones: a local path (relative ones are taken from the working directory),
     *            a {@code file://} or http(s) URL
     * @param ref a branch or tag (a branch wins when both exist), or {@code null} for the remote's HEAD
     * @throws SourceException when the remote cannot be reached or has no such ref; the message names
     *                         the URL without credentials, the ref and Git's reason
     */
    public Checkout checkout(String url, String ref) {
        RemoteUrl remote = remote(url, ref);
        if (remote.isSsh() && SshSessionFactory.getInstance() == null) {
            throw new SourceException(remote.display(), ref, "ssh remotes need JGit's SSH support, which is not "
                    + "installed; use an http(s) URL with credentials, or a local path");
        }
        Optional<GitCredentials> login = credentialsFor(remote);
        Path dir = workspace.folderFor(remote);
        try (Workspace.Hold hold = workspace.hold(dir)) {
            return new GitCheckout(dir, remote, ref, login.map(GitSources::provider).orElse(null),
                    (int) timeout.toSeconds()).call();
        } catch (IOException | GitAPIException | JGitInternalException e) {
            throw failure(remote, ref, login, e);
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

    private Optional<GitCredentials> credentialsFor(RemoteUrl remote) {
        if (!remote.isHttp()) {
            return Optional.empty();
        }
        return credentials.stream()
                .filter(candidate -> candidate.appliesTo(remote.display()))
                .max(Comparator.comparingInt(candidate -> candidate.urlPrefix().length()));
    }

    private static UsernamePasswordCredentialsProvider provider(GitCredentials login) {
        return new UsernamePasswordCredentialsProvider(login.username(), login.password());
    }

    /**
     * Git's reason, with every password taken out. The original exception is kept as the cause only
     * when nothing had to be taken out of it, so a logged stack trace cannot leak a secret either.
     */
    private static SourceException failure(RemoteUrl remote, String ref, Optional<GitCredentials> login, Exception e) {
        String reason = reason(e);
        List<String> secrets = new ArrayList<>(remote.passwords());
        login.ifPresent(credentials -> secrets.add(credentials.password()));
        String redacted = RemoteUrl.stripUserInfo(reason);
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "****");
        }
        boolean clean = redacted.equals(reason);
        // The message names the URL already; JGit repeats it before each reason.
        redacted = redacted.replace(remote.display() + ": ", "");
        return new SourceException(remote.display(), ref, redacted, clean ? e : null);
    }

    /**
     * The messages of the exception and its causes, each once. The JDK's own exceptions keep their
     * type, since their message alone ("git.example.com") often does not say what went wrong.
     */
    private static String reason(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() != null ? cause.getMessage() : "";
            if (cause.getClass().getName().startsWith("java.") || message.isEmpty()) {
                String type = cause.getClass().getSimpleName();
                message = message.isEmpty() ? type : message + " (" + type + ")";
            }
            String candidate = message;
            if (messages.stream().noneMatch(seen -> seen.contains(candidate))) {
                messages.add(candidate);
            }
        }
        return String.join(": ", messages);
    }
}
