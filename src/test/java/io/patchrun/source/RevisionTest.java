package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.testsupport.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files of a fetched commit, read from Git's objects. */
class RevisionTest {

    @TempDir
    Path temp;

    private GitRepos remote;
    private GitSources sources;

    @BeforeEach
    void createRemote() throws IOException {
        remote = GitRepos.withFiles(temp.resolve("remote"), Map.of("docker/web/Dockerfile", "FROM debian:12\n"));
        Files.writeString(temp.resolve("secret.txt"), "outside");
        sources = new GitSources(temp.resolve("workspace"), GitAccess.anonymous());
    }

    private Revision fetch() {
        return sources.fetch(remote.path().toString(), "main");
    }

    @Test
    void read_returnsTheFilesText_forPathsInsideTheCommit() {
        Revision revision = fetch();

        assertThat(revision.read("docker/web/Dockerfile")).contains("FROM debian:12\n");
        assertThat(revision.read("./docker/../docker/web/Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void read_returnsEmpty_forMissingFilesAndFolders() {
        Revision revision = fetch();

        assertThat(revision.read("Dockerfile")).isEmpty();
        assertThat(revision.read("docker/web")).isEmpty();
        assertThat(revision.read("docker/web/Dockerfile/more")).isEmpty();
    }

    @Test
    void read_readsTheCommitItWasFetchedAt_afterLaterFetchesOfTheSameBranch() {
        Revision planned = fetch();
        remote.write("docker/web/Dockerfile", "FROM debian:13\n").commit("Move to trixie");

        Revision later = fetch();

        assertThat(planned.read("docker/web/Dockerfile")).contains("FROM debian:12\n");
        assertThat(later.read("docker/web/Dockerfile")).contains("FROM debian:13\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "docker/../../secret.txt", "/etc/passwd", ".", ".git/config", "./.git"})
    void read_refusesPaths_thatLeaveTheCommittedFiles(String path) {
        Revision revision = fetch();

        assertThatThrownBy(() -> revision.read(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing to read '" + path + "' from commit " + revision.commit().substring(0, 12) + " (main) in "
                        + revision.repository() + ": ");
    }

    @Test
    void read_followsSymbolicLinksThatStayInside_andRefusesThoseThatPointOutside() throws IOException {
        Path tree = remote.path();
        Files.createSymbolicLink(tree.resolve("Dockerfile"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(tree.resolve("climbs"), Path.of("../secret.txt"));
        Files.createSymbolicLink(tree.resolve("inside"), Path.of("docker/web/Dockerfile"));
        Files.createSymbolicLink(tree.resolve("docker/app"), Path.of("web"));
        Files.createSymbolicLink(tree.resolve("loop"), Path.of("loop"));
        remote.commit("Links");
        Revision revision = fetch();

        assertThatThrownBy(() -> revision.read("Dockerfile")).hasMessageContaining("a symbolic link on it points outside");
        assertThatThrownBy(() -> revision.read("climbs")).hasMessageContaining("a symbolic link on it points outside");
        assertThatThrownBy(() -> revision.read("loop")).hasMessageContaining("more than 40 symbolic links");
        assertThat(revision.read("inside")).contains("FROM debian:12\n");
        assertThat(revision.read("docker/app/Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void read_readsAFileOfExactlyTheLimit_andRefusesOneByteMore_withTheLineTheLimitFallsOn() {
        String line = "RUN echo " + "x".repeat(54) + "\n";
        String limit = "FROM a\n" + line.repeat((Revision.MAX_READ - 7) / 64) + "#".repeat((Revision.MAX_READ - 7) % 64);
        remote.write("Dockerfile", limit).write("Larger", limit + "x").commit("Large files");
        Revision revision = fetch();

        assertThat(revision.read("Dockerfile")).hasValueSatisfying(text -> assertThat(text).hasSize(Revision.MAX_READ));
        assertThatThrownBy(() -> revision.read("Larger"))
                .isInstanceOfSatisfying(FileTooLargeException.class, e -> {
                    assertThat(e.path()).isEqualTo("Larger");
                    assertThat(e.limit()).isEqualTo(Revision.MAX_READ);
                    assertThat(e.line()).isEqualTo(2 + (Revision.MAX_READ - 7) / 64);
                })
                .hasMessage("Larger is larger than 1,048,576 bytes, the most read of it; the limit falls on line 16385");
    }

    @Test
    void revision_refusesAnAbbreviatedCommitId() {
        assertThatThrownBy(() -> new Revision(temp, "0123456", "main"))
                .hasMessage("not a full commit id: '0123456'");
    }
}
