package io.patchrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SshGitServer;

/** {@code patchrun plan} of a pipeline whose repository is fetched over SSH, with the Git settings given on the command line. */
class PlanCommandSshTest {

    private static final String PASSPHRASE = "plan over ssh";

    @TempDir
    static Path shared;

    private static SshGitServer server;
    private static Path key;
    private static Path pipeline;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void serveFleet() throws Exception {
        server = SshGitServer.start(shared.resolve("sshd"));
        key = SshGitServer.newKey(Files.createDirectories(shared.resolve("keys")).resolve("deploy"), "ed25519", PASSPHRASE);
        server.authorize(key);
        GitRepos repo = GitRepos.withFiles(shared.resolve("work/fleet"), Map.of(
                "Dockerfile", "FROM 127.0.0.1:5000/ssh/base:1\n",
                "app/Dockerfile", "FROM ssh/platform\n"));
        pipeline = Files.writeString(shared.resolve("ssh.yml"), "name: over-ssh\nrepositories:\n  - url: "
                + server.serve(repo, "fleet") + "\n    images:\n      - name: ssh/platform\n"
                + "      - { name: ssh/app, dockerfile: app/Dockerfile }\n");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private int plan(Path knownHosts, Path dataDir) {
        List<String> args = new ArrayList<>(List.of(pipeline.toString(), "--patchrun.data-dir=" + dataDir,
                "--patchrun.git.known-hosts=" + knownHosts,
                "--patchrun.git.credentials[0].url-prefix=ssh://127.0.0.1:" + server.port(),
                "--patchrun.git.credentials[0].ssh-key=" + key,
                "--patchrun.git.credentials[0].passphrase=" + PASSPHRASE));
        return PlanCommand.run(args, print(out), print(err));
    }

    @Test
    void plan_fetchesOverSsh_withTheKeyAndKnownHostsGivenOnTheCommandLine(@TempDir Path tmp) throws Exception {
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine() + "\n");

        int code = plan(knownHosts, tmp.resolve("data"));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"levels\" : [ [ \"ssh/platform\" ], [ \"ssh/app\" ] ]")
                .doesNotContain("\"error\" : \"");
    }

    @Test
    void plan_namesTheUnknownHostKey_andWhatToDo_withoutThePassphrase(@TempDir Path tmp) throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");

        int code = plan(knownHosts, tmp.resolve("data"));

        assertThat(out.toString()).contains("is unknown: it is not in the known_hosts file " + knownHosts)
                .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts);
        assertThat(code).isZero();
        assertThat(out.toString() + err).doesNotContain(PASSPHRASE);
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
