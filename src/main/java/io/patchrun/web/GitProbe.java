package io.patchrun.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.RepositorySpec;
import io.patchrun.source.GitCredentials;
import io.patchrun.wiring.PatchrunProperties;

/**
 * Whether the Git repositories of the pipelines answer, for the health page. It only lists a remote's refs
 * ({@code git ls-remote}): a checkout would fetch into, and reset, the working trees a patch run may be
 * building from at that moment.
 */
@Component
class GitProbe implements DisposableBean {

    private static final int TIMEOUT_SECONDS = 5;

    /**
     * One repository as a pipeline names it.
     *
     * @param commit what {@code ref} (or the remote's HEAD) points at, when it answered and has it
     * @param problem why it is not usable, or {@code null}
     */
    record Reachability(String pipelines, String url, String ref, boolean reachable, String commit, long millis, String problem) {
    }

    private record Remote(String url, String ref) {
    }

    private final List<GitCredentials> credentials;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "git-probe");
        thread.setDaemon(true);
        return thread;
    });

    GitProbe(PatchrunProperties properties) {
        this.credentials = properties.git().credentials();
    }

    /** Asks every distinct repository of {@code pipelines} at once; each gets {@value #TIMEOUT_SECONDS} s. */
    List<Reachability> probe(List<Pipeline> pipelines) {
        Map<Remote, List<String>> users = new LinkedHashMap<>();
        for (Pipeline pipeline : pipelines) {
            for (RepositorySpec repository : pipeline.repositories()) {
                users.computeIfAbsent(new Remote(repository.url(), repository.ref()), remote -> new ArrayList<>()).add(pipeline.name());
            }
        }
        Map<Remote, Future<Reachability>> asked = new LinkedHashMap<>();
        users.forEach((remote, names) -> asked.put(remote, threads.submit(() -> ask(remote, String.join(", ", names)))));
        List<Reachability> answers = new ArrayList<>();
        asked.forEach((remote, answer) -> answers.add(await(remote, String.join(", ", users.get(remote)), answer)));
        answers.sort(Comparator.comparing(Reachability::url));
        return answers;
    }

    private Reachability ask(Remote remote, String pipelines) {
        Reachability answer = lsRemote(remote, pipelines);
        return new Reachability(answer.pipelines(), redact(answer.url()), answer.ref(), answer.reachable(), answer.commit(),
                answer.millis(), answer.problem() == null ? null : redact(answer.problem()));
    }

    private Reachability lsRemote(Remote remote, String pipelines) {
        long start = System.nanoTime();
        try {
            LsRemoteCommand command = Git.lsRemoteRepository().setRemote(remote.url()).setTimeout(TIMEOUT_SECONDS);
            login(remote.url()).ifPresent(login -> command.setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(login.username(), login.password())));
            Map<String, Ref> refs = command.callAsMap();
            long millis = (System.nanoTime() - start) / 1_000_000;
            Ref found = remote.ref() == null ? refs.get("HEAD")
                    : refs.getOrDefault("refs/heads/" + remote.ref(), refs.get("refs/tags/" + remote.ref()));
            if (found == null || found.getObjectId() == null) {
                return new Reachability(pipelines, remote.url(), remote.ref(), false, null, millis,
                        "answers, but has no " + (remote.ref() == null ? "HEAD" : "branch or tag '" + remote.ref() + "'"));
            }
            String commit = (found.getPeeledObjectId() == null ? found.getObjectId() : found.getPeeledObjectId()).name();
            return new Reachability(pipelines, remote.url(), remote.ref(), true, commit, millis, null);
        } catch (Exception e) {
            return new Reachability(pipelines, remote.url(), remote.ref(), false, null, (System.nanoTime() - start) / 1_000_000,
                    "git ls-remote failed: " + e.getMessage());
        }
    }

    private static Reachability await(Remote remote, String pipelines, Future<Reachability> answer) {
        try {
            return answer.get(TIMEOUT_SECONDS + 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Reachability(pipelines, redact(remote.url()), remote.ref(), false, null, (TIMEOUT_SECONDS + 2) * 1000L,
                    "no answer within " + (TIMEOUT_SECONDS + 2) + " s");
        } catch (ExecutionException e) {
            return new Reachability(pipelines, redact(remote.url()), remote.ref(), false, null, 0, "git ls-remote failed: " + redact(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reachability(pipelines, redact(remote.url()), remote.ref(), false, null, 0, "interrupted while asking " + redact(remote.url()));
        }
    }

    /** A user name or password written into a URL never reaches a page. */
    static String redact(String text) {
        return text.replaceAll("://[^/@\\s]+@", "://");
    }

    /** Credentials for http(s) remotes, the longest matching prefix winning, as for checkouts. */
    private Optional<GitCredentials> login(String url) {
        return credentials.stream().filter(c -> url.startsWith(c.urlPrefix())).max(Comparator.comparingInt(c -> c.urlPrefix().length()));
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
