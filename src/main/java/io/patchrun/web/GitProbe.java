package io.patchrun.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.RepositorySpec;
import io.patchrun.source.RemoteProbe;
import io.patchrun.wiring.PatchrunProperties;

/**
 * Whether the Git repositories of the pipelines answer, for the health page: each distinct repository is
 * asked once by {@link RemoteProbe}, with the logins checkouts use, and named with every pipeline using it.
 */
@Component
class GitProbe implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * One repository as a pipeline names it.
     *
     * @param commit what {@code ref} (or the remote's HEAD) points at, when it answered and has it
     * @param problem why it is not usable, or {@code null}
     */
    record Reachability(String pipelines, String url, String ref, boolean reachable, String commit, long millis, String problem) {
    }

    private final RemoteProbe remotes;

    GitProbe(PatchrunProperties properties) {
        this.remotes = new RemoteProbe(properties.git(), TIMEOUT);
    }

    /** Asks every distinct repository of {@code pipelines} at once. */
    List<Reachability> probe(List<Pipeline> pipelines) {
        Map<RemoteProbe.Remote, List<String>> users = new LinkedHashMap<>();
        for (Pipeline pipeline : pipelines) {
            for (RepositorySpec repository : pipeline.repositories()) {
                users.computeIfAbsent(new RemoteProbe.Remote(repository.url(), repository.ref()), remote -> new ArrayList<>())
                        .add(pipeline.name());
            }
        }
        List<RemoteProbe.Remote> asked = List.copyOf(users.keySet());
        List<RemoteProbe.Answer> answers = remotes.ask(asked);
        List<Reachability> rows = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            RemoteProbe.Answer answer = answers.get(i);
            rows.add(new Reachability(String.join(", ", users.get(asked.get(i))), answer.url(), answer.ref(), answer.reachable(),
                    answer.commit(), answer.millis(), answer.problem()));
        }
        rows.sort(Comparator.comparing(Reachability::url));
        return rows;
    }

    @Override
    public void destroy() {
        remotes.close();
    }
}
