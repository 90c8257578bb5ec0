package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRepositoriesTest {

    private final DemoRepositories repositories = new DemoRepositories();

    @TempDir
    Path tmp;

    @Test
    void ensure_makesARepositoryOnMain_withTheFilesCommitted() throws Exception {
        Path dir = tmp.resolve("web");

        boolean made = repositories.ensure(dir, Map.of("Dockerfile", "FROM demo/platform\n", "www/index.html", "hi\n"), "seed");

        assertThat(made).isTrue();
        try (Git git = Git.open(dir.toFile())) {
            assertThat(git.getRepository().getBranch()).isEqualTo("main");
            assertThat(git.status().call().isClean()).isTrue();
            assertThat(git.log().call().iterator().next().getFullMessage()).isEqualTo("seed");
        }
        assertThat(repositories.read(dir, "www/index.html")).contains("hi\n");
    }

    @Test
    void ensure_leavesAnExistingRepositoryAlone() {
        Path dir = tmp.resolve("web");
        repositories.ensure(dir, Map.of("Dockerfile", "FROM mine\n"), "mine");

        boolean made = repositories.ensure(dir, Map.of("Dockerfile", "FROM demo/platform\n"), "seed");

        assertThat(made).isFalse();
        assertThat(repositories.read(dir, "Dockerfile")).contains("FROM mine\n");
    }

    @Test
    void ensure_refusesAFolderWithFilesButNoRepository_withoutTouchingIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(dir.resolve("notes.txt"), "keep me\n");

        assertThatThrownBy(() -> repositories.ensure(dir, Map.of("Dockerfile", "FROM x\n"), "seed"))
                .isInstanceOf(DemoException.class).hasMessageContaining(dir.toString()).hasMessageContaining("no Git repository");
        assertThat(Files.exists(dir.resolve(".git"))).isFalse();
        assertThat(Files.exists(dir.resolve("Dockerfile"))).isFalse();
    }

    @Test
    void commit_ofUnchangedFiles_makesNoCommit() {
        Path dir = tmp.resolve("web");
        repositories.ensure(dir, Map.of("health.sh", "ok\n"), "seed");

        assertThat(repositories.commit(dir, Map.of("health.sh", "ok\n"), "again")).isEmpty();
        assertThat(repositories.commit(dir, Map.of("health.sh", "broken\n"), "break")).hasValueSatisfying(id -> assertThat(id).hasSize(40));
    }

    @Test
    void commit_onAnotherBranch_isRefused_sayingHowToGetBack() throws Exception {
        Path dir = tmp.resolve("web");
        repositories.ensure(dir, Map.of("health.sh", "ok\n"), "seed");
        try (Git git = Git.open(dir.toFile())) {
            git.checkout().setCreateBranch(true).setName("experiment").call();
        }

        assertThatThrownBy(() -> repositories.commit(dir, Map.of("health.sh", "broken\n"), "break"))
                .isInstanceOf(DemoException.class).hasMessageContaining("branch experiment")
                .hasMessageContaining("git -C " + dir + " checkout main");
    }
}
