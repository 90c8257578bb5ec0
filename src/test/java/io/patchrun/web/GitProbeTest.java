package io.patchrun.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.pipeline.Pipeline;
import io.patchrun.source.GitAccess;
import io.patchrun.source.GitCredentials;
import io.patchrun.source.RemoteProbe;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SshGitServer;
import io.patchrun.wiring.PatchrunProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Git reachability for the health page, against real repositories on disk, without touching any checkout. */
class GitProbeTest {

    @TempDir
    Path tmp;

    private final GitProbe probe = new GitProbe(new PatchrunProperties(null, null, null, null));

    @AfterEach
    void stop() {
        probe.destroy();
    }

    private Pipeline pipeline(String name, String url, String ref) {
        return Pipeline.parse(tmp.resolve(name + ".yml"), """
                name: %s
                repositories:
                  - url: %s
                    %s
                    images:
                      - name: %s/web
                """.formatted(name, url, ref == null ? "" : "ref: " + ref, name));
    }

    @Test
    void probe_findsTheRefsCommit_andNamesEveryPipelineUsingTheRepository() throws Exception {
        GitRepos repo = GitRepos.withFiles(tmp.resolve("web"), Map.of("Dockerfile", "FROM debian:12\n"));

        List<GitProbe.Reachability> answers = probe.probe(List.of(pipeline("one", repo.path().toString(), "main"),
                pipeline("two", repo.path().toString(), "main")));

        assertThat(answers).singleElement().satisfies(answer -> {
            assertThat(answer.reachable()).isTrue();
            assertThat(answer.commit()).isEqualTo(repo.head());
            assertThat(answer.pipelines()).isEqualTo("one, two");
            assertThat(answer.problem()).isNull();
        });
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).as("nothing cloned or checked out").containsOnly("web");
    }

    @Test
    void probe_reportsAMissingBranch_andARepositoryThatIsNotThere() throws Exception {
        GitRepos repo = GitRepos.withFiles(tmp.resolve("web"), Map.of("Dockerfile", "FROM debian:12\n"));

        List<GitProbe.Reachability> answers = probe.probe(List.of(pipeline("one", repo.path().toString(), "release"),
                pipeline("two", tmp.resolve("missing").toString(), null)));

        assertThat(answers).hasSize(2).noneMatch(GitProbe.Reachability::reachable);
        assertThat(answers).anySatisfy(answer -> assertThat(answer.problem()).isEqualTo("answers, but has no branch or tag 'release'"));
        assertThat(answers).anySatisfy(answer -> assertThat(answer.problem()).startsWith("git ls-remote failed:"));
    }

    @Test
    void probe_keepsCredentialsInTheUrlOffThePage() throws Exception {
        GitRepos repo = GitRepos.withFiles(tmp.resolve("web"), Map.of("Dockerfile", "FROM debian:12\n"));
        String url = "http://bot:t0ken@127.0.0.1:1/web.git";

        List<GitProbe.Reachability> answers = probe.probe(List.of(pipeline("one", url, "main"),
                pipeline("two", repo.path().toString(), "main")));

        assertThat(answers).hasSize(2).anySatisfy(answer -> {
            assertThat(answer.url()).isEqualTo("http://127.0.0.1:1/web.git");
            assertThat(answer.reachable()).isFalse();
            assertThat(answer.problem()).startsWith("git ls-remote failed:");
        });
        assertThat(answers.toString()).doesNotContain("t0ken").doesNotContain("bot");
    }

    @Test
    void probe_asksSshRemotes_withTheConfiguredKeyAndKnownHosts() throws Exception {
        try (SshGitServer server = SshGitServer.start(tmp.resolve("sshd"))) {
            Path key = SshGitServer.newKey(Files.createDirectories(tmp.resolve("keys")).resolve("deploy"), "ed25519", "");
            server.authorize(key);
            GitRepos repo = GitRepos.withFiles(tmp.resolve("web"), Map.of("Dockerfile", "FROM debian:12\n"));
            String url = server.serve(repo, "web");
            Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine() + "\n");
            GitAccess access = new GitAccess(List.of(new GitCredentials("ssh://127.0.0.1:" + server.port(), null, null, key, null)),
                    knownHosts);
            GitProbe ssh = new GitProbe(new PatchrunProperties(null, null, null, access));
            // A JVM's first SSH connection sets up its crypto provider, which takes seconds on a loaded machine; the
            // probe's 5 s bound is about the remote's answer, so that one-off cost is paid here first.
            assertThat(new RemoteProbe(access, Duration.ofSeconds(60)).ask(List.of(new RemoteProbe.Remote(url, "main"))))
                    .singleElement().satisfies(warm -> assertThat(warm.reachable()).as(warm.problem()).isTrue());
            try {
                assertThat(ssh.probe(List.of(pipeline("one", url, "main")))).singleElement().satisfies(answer -> {
                    assertThat(answer.reachable()).as(answer.problem()).isTrue();
                    assertThat(answer.commit()).isEqualTo(repo.head());
                    assertThat(answer.url()).isEqualTo(url.replace("root@", ""));
                });
            } finally {
                ssh.destroy();
            }
        }
    }
}
