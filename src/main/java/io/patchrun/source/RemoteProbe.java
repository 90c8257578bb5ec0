package io.patchrun.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Ref;

/**
 * Whether Git remotes answer and what a ref points at there, logging in exactly as checkouts do. It only
 * lists a remote's refs ({@code git ls-remote}): a checkout would fetch into, and reset, the working trees
 * a patch run may be building from at that moment.
 */
public final class RemoteProbe implements AutoCloseable {

    /** Allowed on top of Git's own network timeout before an answer is given up. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final int THREADS = 4;

    /**
     * A remote to ask.
     *
     * @param url as a pipeline names it; may carry credentials, which no answer repeats
     * @param ref a branch or tag, or {@code null} for the remote's HEAD
     */
    public record Remote(String url, String ref) {
    }

    /**
     * What a remote said.
     *
     * @param url     the remote's URL without user info
     * @param commit  what the ref (or HEAD) points at, when the remote answered and has it
     * @param problem why it is not usable, without any secret, or {@code null}
     */
    public record Answer(String url, String ref, String commit, long millis, String problem) {

        public boolean reachable() {
            return problem == null;
        }
    }

    private final GitAccess access;
    private final Duration timeout;
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
        Thread thread = new Thread(runnable, "git-probe");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param timeout how long one remote may stay silent; at least a second
     */
    public RemoteProbe(GitAccess access, Duration timeout) {
        this.access = Objects.requireNonNull(access, "access");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("Git probe timeout must be at least one second, got " + timeout);
        }
    }

    /** Asks every remote at once; the answers come in the order asked, each within the timeout and a little. */
    public List<Answer> ask(List<Remote> remotes) {
        List<Future<Answer>> asked = new ArrayList<>();
        for (Remote remote : remotes) {
            asked.add(threads.submit(() -> ask(remote)));
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < remotes.size(); i++) {
            answers.add(await(remotes.get(i), asked.get(i)));
        }
        return answers;
    }

    private Answer ask(Remote remote) {
        long start = System.nanoTime();
        RemoteUrl url;
        try {
            url = RemoteUrl.of(remote.url());
        } catch (IllegalArgumentException e) {
            return new Answer(RemoteUrl.stripUserInfo(remote.url()), remote.ref(), null, 0, e.getMessage());
        }
        RemoteLogin login;
        try {
            login = RemoteLogin.open(url, access);
        } catch (IllegalArgumentException e) {
            return new Answer(url.display(), remote.ref(), null, millisSince(start), e.getMessage());
        }
        try (login) {
            Map<String, Ref> refs = login.applyTo(Git.lsRemoteRepository().setRemote(url.value())
                    .setTimeout((int) timeout.toSeconds())).callAsMap();
            Ref found = remote.ref() == null ? refs.get("HEAD")
                    : refs.getOrDefault("refs/heads/" + remote.ref(), refs.get("refs/tags/" + remote.ref()));
            if (found == null || found.getObjectId() == null) {
                return new Answer(url.display(), remote.ref(), null, millisSince(start),
                        "answers, but has no " + (remote.ref() == null ? "HEAD" : "branch or tag '" + remote.ref() + "'"));
            }
            String commit = (found.getPeeledObjectId() == null ? found.getObjectId() : found.getPeeledObjectId()).name();
            return new Answer(url.display(), remote.ref(), commit, millisSince(start), null);
        } catch (GitAPIException | JGitInternalException e) {
            return new Answer(url.display(), remote.ref(), null, millisSince(start), "git ls-remote failed: " + login.reason(e));
        }
    }

    private Answer await(Remote remote, Future<Answer> answer) {
        String url = RemoteUrl.stripUserInfo(remote.url());
        Duration limit = timeout.plus(GRACE);
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Answer(url, remote.ref(), null, limit.toMillis(), "no answer within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            // Expected failures are answers already; this is a bug, and its message might quote the URL as given.
            return new Answer(url, remote.ref(), null, 0, "git ls-remote failed: " + e.getCause().getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(url, remote.ref(), null, 0, "interrupted while asking " + url);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
