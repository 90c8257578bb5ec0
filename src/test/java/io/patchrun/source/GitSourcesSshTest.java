package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.SshGitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkouts and probes over SSH against a real OpenSSH server on 127.0.0.1: key logins with and without a
 * passphrase, and host keys that are unknown, changed or right.
 */
class GitSourcesSshTest {

    private static final String PASSPHRASE = "correct horse battery";

    @TempDir
    static Path shared;

    private static SshGitServer server;
    private static GitRepos repo;
    private static String url;
    private static String first;
    private static Path plainKey;
    private static Path protectedKey;
    private static Path strangerKey;

    @TempDir
    Path temp;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshGitServer.start(shared.resolve("sshd"));
        Path keys = Files.createDirectories(shared.resolve("keys"));
        plainKey = SshGitServer.newKey(keys.resolve("deploy"), "ed25519", "");
        protectedKey = SshGitServer.newKey(keys.resolve("protected"), "ecdsa", PASSPHRASE);
        strangerKey = SshGitServer.newKey(keys.resolve("stranger"), "ed25519", "");
        server.authorize(plainKey);
        server.authorize(protectedKey);
        repo = GitRepos.withFiles(shared.resolve("work/web"), Map.of("Dockerfile", "FROM debian:12\n"));
        repo.annotatedTag("v1", "First release");
        first = repo.head();
        url = server.serve(repo, "web");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path knownHosts(String... lines) throws IOException {
        Path file = temp.resolve("known_hosts");
        Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
        return file;
    }

    private static GitCredentials key(String prefix, Path key, String passphrase) {
        return new GitCredentials(prefix, null, null, key, passphrase);
    }

    private GitSources sources(Path knownHosts, GitCredentials... logins) {
        return new GitSources(temp.resolve("workspace"), new GitAccess(List.of(logins), knownHosts), Duration.ofSeconds(20));
    }

    private String hostPrefix() {
        return "ssh://127.0.0.1:" + server.port();
    }

    @Test
    void fetch_clonesAndFetchesOverSsh_withTheKeyOfTheMatchingPrefix() throws Exception {
        GitSources sources = sources(knownHosts(server.knownHostsLine()),
                key(hostPrefix(), strangerKey, null),
                key(hostPrefix() + shared.resolve("sshd/repos"), plainKey, null),
                key(hostPrefix() + shared.resolve("sshd/repos/we"), strangerKey, null));

        Revision head = sources.fetch(url, null);
        String dockerfile = head.read("Dockerfile").orElseThrow();
        Revision tag = sources.fetch(url, "v1");
        String next = repo.write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");
        server.push(repo, "web");
        Revision again = sources.fetch(url, "main");

        assertThat(head.commit()).isEqualTo(tag.commit()).isEqualTo(first);
        assertThat(dockerfile).isEqualTo("FROM debian:12\n");
        assertThat(again.commit()).isEqualTo(next);
        assertThat(again.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void fetch_clonesAnScpLikeUrl_withTheKeyOfItsUserAndHost() throws Exception {
        GitSources sources = sources(knownHosts(server.scpKnownHostsLine()),
                key("root@" + server.scpHost(), plainKey, null),
                key("root@" + server.scpHost() + ":" + shared.resolve("sshd/repos/we"), strangerKey, null));

        Revision checkout = sources.fetch(server.scpUrl("web"), "v1");

        assertThat(checkout.commit()).isEqualTo(first);
        assertThat(checkout.repository().getFileName().toString()).startsWith("repos-web-");
    }

    @Test
    void fetch_usesAKeyWithAPassphrase_andNamesTheKeyFile_whenThePassphraseIsWrong() throws Exception {
        Path knownHosts = knownHosts(server.knownHostsLine());

        Revision checkout = sources(knownHosts, key(hostPrefix(), protectedKey, PASSPHRASE)).fetch(url, "main");
        SourceException wrong = catchThrowableOfType(SourceException.class,
                () -> sources(knownHosts, key(hostPrefix(), protectedKey, "not " + PASSPHRASE)).fetch(url, "main"));
        SourceException missing = catchThrowableOfType(SourceException.class,
                () -> sources(knownHosts, key(hostPrefix(), protectedKey, null)).fetch(url, "main"));

        assertThat(checkout.read("Dockerfile")).isPresent();
        assertThat(wrong.getMessage()).startsWith("cannot check out 'main' of " + url.replace("root@", "") + ": the SSH key "
                + protectedKey + " (patchrun.git.credentials ssh-key for url-prefix " + hostPrefix() + ") cannot be read with "
                + "the given passphrase");
        assertThat(everything(wrong)).doesNotContain(PASSPHRASE).doesNotContain(Files.readString(protectedKey).substring(40, 80));
        assertThat(missing).hasMessageContaining("the SSH key " + protectedKey).hasMessageEndingWith("is encrypted; give its passphrase");
    }

    @Test
    void fetch_refusesAnUnknownHostKey_sayingHowToAddIt_andWorksOnceItIsAdded() throws Exception {
        Path knownHosts = temp.resolve("known_hosts");
        GitSources sources = sources(knownHosts, key(hostPrefix(), plainKey, null));

        SourceException unknown = catchThrowableOfType(SourceException.class, () -> sources.fetch(url, "main"));
        Files.writeString(knownHosts, "");
        SourceException stillUnknown = catchThrowableOfType(SourceException.class, () -> sources.fetch(url, "main"));

        String fingerprint = fingerprint(server.hostKey());
        assertThat(unknown.getMessage()).isEqualTo("cannot check out 'main' of " + url.replace("root@", "") + ": the SSH host "
                + "key of 127.0.0.1 port " + server.port() + " (ssh-ed25519 " + fingerprint + ") is unknown: it is not in the "
                + "known_hosts file " + knownHosts + ", which does not exist; Patchrun accepts only host keys listed there "
                + "(patchrun.git.known-hosts). Check the key with the server's owner and add it: ssh-keyscan -p "
                + server.port() + " 127.0.0.1 >> " + knownHosts);
        assertThat(stillUnknown.getMessage()).contains("is unknown: it is not in " + knownHosts + ";");
        assertThat(Files.readString(knownHosts)).as("nothing added behind the user's back").isEmpty();

        String advice = stillUnknown.getMessage().substring(stillUnknown.getMessage().indexOf("add it: ") + "add it: ".length());
        Process keyscan = new ProcessBuilder("/bin/sh", "-c", advice).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(keyscan.waitFor()).as(advice).isZero();

        assertThat(sources.fetch(url, "main").commit()).isEqualTo(repo.head());
    }

    @Test
    void fetch_refusesAChangedHostKey_namingBothKeysAndTheFile() throws Exception {
        Path impostor = SshGitServer.newKey(temp.resolve("impostor"), "ed25519", "");
        String impostorKey = Files.readString(Path.of(impostor + ".pub")).strip();
        Path knownHosts = knownHosts("[127.0.0.1]:" + server.port() + " " + impostorKey);

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> sources(knownHosts, key(hostPrefix(), plainKey, null)).fetch(url, "main"));

        assertThat(e.getMessage()).contains("the SSH host key of 127.0.0.1 port " + server.port() + " has changed: it offered "
                        + "ssh-ed25519 " + fingerprint(server.hostKey()) + ", but " + knownHosts + " lists ssh-ed25519 "
                        + fingerprint(impostorKey))
                .contains("Patchrun refuses it")
                .endsWith("ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + knownHosts + " && ssh-keyscan -p "
                        + server.port() + " 127.0.0.1 >> " + knownHosts);
        assertThat(Files.readString(knownHosts)).isEqualTo("[127.0.0.1]:" + server.port() + " " + impostorKey + "\n");
    }

    @Test
    void fetch_refusesAHostKeyMarkedRevoked_evenWhenAlsoListedPlainly() throws Exception {
        Path knownHosts = knownHosts(server.knownHostsLine(), "@revoked " + server.knownHostsLine());

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> sources(knownHosts, key(hostPrefix(), plainKey, null)).fetch(url, "main"));

        assertThat(e.getMessage()).endsWith("the SSH host key of 127.0.0.1 port " + server.port() + " (ssh-ed25519 "
                + fingerprint(server.hostKey()) + ") is marked @revoked in " + knownHosts
                + "; Patchrun refuses it. Ask the server's owner for its new key");
    }

    @Test
    void fetch_withAKeyTheServerDoesNotKnow_isRefused_namingTheKeyOffered() throws Exception {
        SourceException e = catchThrowableOfType(SourceException.class,
                () -> sources(knownHosts(server.knownHostsLine()), key(hostPrefix(), strangerKey, null)).fetch(url, "main"));

        assertThat(e.getMessage()).startsWith("cannot check out 'main' of " + url.replace("root@", "") + ": ")
                .contains("Cannot log in at 127.0.0.1:" + server.port())
                .contains("(offered the key " + strangerKey + " of url-prefix " + hostPrefix() + "; is its public key in the "
                        + "server's authorized_keys for the user in the URL?)");
    }

    @Test
    void probe_answersOverSsh_andReportsAnUnknownHostKey() throws Exception {
        GitCredentials login = key(hostPrefix(), protectedKey, PASSPHRASE);
        List<RemoteProbe.Answer> answers;
        try (RemoteProbe known = new RemoteProbe(new GitAccess(List.of(login), knownHosts(server.knownHostsLine())), Duration.ofSeconds(5));
             RemoteProbe unknown = new RemoteProbe(new GitAccess(List.of(login), temp.resolve("none")), Duration.ofSeconds(5))) {
            answers = List.of(known.ask(List.of(new RemoteProbe.Remote(url, "v1"))).get(0),
                    unknown.ask(List.of(new RemoteProbe.Remote(url, null))).get(0));
        }

        assertThat(answers.get(0).problem()).isNull();
        assertThat(answers.get(0).commit()).isEqualTo(first);
        assertThat(answers.get(0).url()).isEqualTo(url.replace("root@", ""));
        assertThat(answers.get(1).reachable()).isFalse();
        assertThat(answers.get(1).problem()).startsWith("git ls-remote failed: the SSH host key of 127.0.0.1 port " + server.port())
                .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + temp.resolve("none"));
        assertThat(answers.toString()).doesNotContain(PASSPHRASE);
    }

    /** The SHA-256 fingerprint of a public key line, as {@code ssh-keygen -l} prints it. */
    private String fingerprint(String publicKeyLine) throws Exception {
        Path file = Files.writeString(temp.resolve("fingerprint.pub"), publicKeyLine + "\n");
        Process process = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", file.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.split(" ")[1];
    }

    /** The exception as a log would show it: its message and every cause's. */
    private static String everything(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }
}
