package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.patchrun.testsupport.GitRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourcesHttpTest {

    private static final String PASSWORD = "s3cret-Token";

    @TempDir
    Path temp;

    private GitRepos remote;
    private HttpGitServer server;

    @BeforeEach
    void serveRemote() throws IOException {
        remote = GitRepos.withFiles(temp.resolve("remotes/web"), Map.of("Dockerfile", "FROM debian:12\n"));
        remote.annotatedTag("v1", "First release");
        server = new HttpGitServer(remote.path(), "bot", PASSWORD);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitSources sources(GitCredentials... credentials) {
        return new GitSources(temp.resolve("workspace"), new GitAccess(List.of(credentials), null));
    }

    private static String basic(String username, String password) {
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    @Test
    void fetch_clonesOverHttp_withTheCredentialsOfTheLongestMatchingPrefix() {
        String host = server.url().replace("/web.git", "/");
        GitSources sources = sources(
                new GitCredentials(host, "someone", "else", null, null),
                new GitCredentials(server.url(), "bot", PASSWORD, null, null),
                new GitCredentials("https://git.example.com/", "other", "other", null, null));

        Revision head = sources.fetch(server.url(), null);
        Revision tag = sources.fetch(server.url(), "v1");

        assertThat(head.commit()).isEqualTo(remote.head());
        assertThat(head.read("Dockerfile")).contains("FROM debian:12\n");
        assertThat(tag.commit()).isEqualTo(remote.head());
        assertThat(server.authorizations()).contains(basic("bot", PASSWORD)).doesNotContain(basic("someone", "else"));
    }

    @Test
    void fetch_fetchesNewCommitsOverHttp() {
        GitSources sources = sources(new GitCredentials(server.url(), "bot", PASSWORD, null, null));
        sources.fetch(server.url(), "main");
        String next = remote.write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");

        Revision again = sources.fetch(server.url(), "main");

        assertThat(again.commit()).isEqualTo(next);
        assertThat(again.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void fetch_usesCredentialsInTheUrl_withoutStoringThem() throws IOException {
        String withPassword = server.url().replace("http://", "http://bot:" + PASSWORD + "@");

        Revision checkout = sources().fetch(withPassword, "main");

        assertThat(checkout.commit()).isEqualTo(remote.head());
        assertThat(checkout.repository().toString()).doesNotContain(PASSWORD).doesNotContain("bot");
        try (Stream<Path> files = Files.walk(temp.resolve("workspace"))) {
            assertThat(files.filter(Files::isRegularFile).filter(GitSourcesHttpTest::mentionsPassword)).isEmpty();
        }
    }

    private static boolean mentionsPassword(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(PASSWORD);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fetch_reportsRefusedCredentials_withoutShowingThePassword() {
        String wrong = "wrong-" + PASSWORD;
        GitSources sources = sources(new GitCredentials(server.url(), "bot", wrong, null, null));

        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.fetch(server.url(), "main"));

        assertThat(server.authorizations()).contains(basic("bot", wrong));
        assertThat(e.url()).isEqualTo(server.url());
        assertThat(e.getMessage()).startsWith("cannot check out 'main' of " + server.url() + ": ")
                .containsIgnoringCase("not authorized");
        assertThat(everything(e)).doesNotContain(wrong);
    }

    @Test
    void fetch_leavesThePasswordInTheUrl_outOfMessages() {
        String withPassword = server.url().replace("http://", "http://bot:wrong-" + PASSWORD + "@");

        SourceException e = catchThrowableOfType(SourceException.class, () -> sources().fetch(withPassword, "main"));

        assertThat(e.url()).isEqualTo(server.url());
        assertThat(e.getMessage()).startsWith("cannot check out 'main' of " + server.url() + ": ");
        assertThat(everything(e)).doesNotContain(PASSWORD).doesNotContain("bot:");
    }

    /** The exception as a log would show it: its message and every cause's. */
    private static String everything(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }

    @Test
    void credentials_maskThePassword_inToString() {
        GitCredentials credentials = new GitCredentials("https://git.example.com/", "bot", PASSWORD, null, null);

        assertThat(credentials.toString())
                .isEqualTo("GitCredentials[urlPrefix=https://git.example.com/, username=bot, password=****]")
                .doesNotContain(PASSWORD);
        assertThat(List.of(credentials).toString()).doesNotContain(PASSWORD);
    }
}
