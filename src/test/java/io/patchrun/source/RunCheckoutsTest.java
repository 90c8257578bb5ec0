package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.patchrun.testsupport.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-run working trees of exactly one commit, from real Git repositories. */
class RunCheckoutsTest {

    @TempDir
    Path temp;

    private GitRepos remote;
    private GitSources sources;
    private RunCheckouts checkouts;

    @BeforeEach
    void createRemote() {
        remote = GitRepos.withFiles(temp.resolve("remote"), Map.of(
                "web/Dockerfile", "FROM debian:12\nCOPY index.html /www/\n",
                "web/index.html", "release 1\n",
                "README.md", "the web app\n"));
        sources = new GitSources(temp.resolve("git"), GitAccess.anonymous());
        checkouts = new RunCheckouts(temp.resolve("checkouts"));
    }

    private String url() {
        return remote.path().toString();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(path -> !path.equals(dir)).map(path -> dir.relativize(path).toString()).sorted().toList();
        }
    }

    @Test
    void checkout_holdsExactlyTheCommitsFiles_andNothingOfGit() throws IOException {
        Revision revision = sources.fetch(url(), "main");

        Checkout tree = checkouts.checkout(7, url(), revision);

        assertThat(tree.commit()).isEqualTo(revision.commit());
        assertThat(tree.dir()).startsWith(checkouts.runFolder(7));
        assertThat(files(tree.dir())).containsExactly("README.md", "web", "web/Dockerfile", "web/index.html");
        assertThat(tree.dir().resolve("web/index.html")).hasContent("release 1");
    }

    @Test
    void checkout_isOfThePlannedCommit_evenWhenTheBranchMovedOnAndWasFetchedSince() {
        Revision planned = sources.fetch(url(), "main");
        remote.write("web/index.html", "release 2\n").commit("Release 2");
        Revision later = sources.fetch(url(), "main");

        Checkout first = checkouts.checkout(1, url(), planned);
        Checkout second = checkouts.checkout(2, url(), later);

        assertThat(first.dir().resolve("web/index.html")).hasContent("release 1");
        assertThat(second.dir().resolve("web/index.html")).hasContent("release 2");
    }

    @Test
    void checkout_ofTwoRefsOfOneRepository_givesEachRunItsOwnTree() {
        remote.branch("stable");
        remote.write("web/index.html", "next\n").commit("Next");
        Revision main = sources.fetch(url(), "main");
        Revision stable = sources.fetch(url(), "stable");

        Checkout onMain = checkouts.checkout(3, url(), main);
        Checkout onStable = checkouts.checkout(4, url(), stable);
        checkouts.remove(3);

        assertThat(onMain.dir()).doesNotExist();
        assertThat(onStable.dir().resolve("web/index.html")).hasContent("release 1");
    }

    @Test
    void checkout_keepsExecutableBits_symbolicLinks_andSubmodulesAsEmptyFolders() throws Exception {
        Path tree = remote.path();
        remote.write("run.sh", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("run.sh"), java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        Files.createSymbolicLink(tree.resolve("web/latest.html"), Path.of("index.html"));
        remote.commit("Script and link");
        GitRepos module = GitRepos.withFiles(temp.resolve("module"), Map.of("lib.txt", "lib\n"));
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(tree.toFile())) {
            git.submoduleAdd().setPath("vendor/lib").setURI(module.path().toUri().toString()).call().close();
            git.commit().setMessage("Submodule").setSign(false).call();
        }

        Checkout checkout = checkouts.checkout(5, url(), sources.fetch(url(), "main"));

        assertThat(Files.isExecutable(checkout.dir().resolve("run.sh"))).isTrue();
        assertThat(Files.isExecutable(checkout.dir().resolve("README.md"))).isFalse();
        assertThat(Files.readSymbolicLink(checkout.dir().resolve("web/latest.html"))).isEqualTo(Path.of("index.html"));
        assertThat(checkout.dir().resolve("vendor/lib")).isEmptyDirectory();
        assertThat(checkout.dir().resolve(".gitmodules")).exists();
    }

    @Test
    void checkout_givesTheImagesOfOneRunTheSameTree_checkedOutOnce() throws Exception {
        Revision revision = sources.fetch(url(), "main");
        CyclicBarrier together = new CyclicBarrier(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Checkout>> builds = Stream.<Future<Checkout>>generate(() -> pool.submit(() -> {
                together.await();
                return checkouts.checkout(9, url(), revision);
            })).limit(4).toList();
            for (Future<Checkout> build : builds) {
                assertThat(build.get().dir().resolve("web/index.html")).hasContent("release 1");
                assertThat(build.get()).isEqualTo(builds.get(0).get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> trees = Files.list(checkouts.runFolder(9))) {
            assertThat(trees).hasSize(1);
        }
    }

    @Test
    void remove_andRemoveAll_leaveNoTreeBehind_andNeverFollowALinkOut() throws IOException {
        Path outside = Files.writeString(temp.resolve("keep.txt"), "not the run's");
        Files.createSymbolicLink(remote.path().resolve("escape"), outside);
        remote.commit("A link out");
        Revision revision = sources.fetch(url(), "main");
        checkouts.checkout(11, url(), revision);
        checkouts.checkout(12, url(), revision);
        checkouts.checkout(13, url(), revision);

        checkouts.remove(11);
        checkouts.remove(11);
        List<Path> leftovers = checkouts.removeAll();

        assertThat(leftovers).containsExactly(checkouts.runFolder(12), checkouts.runFolder(13));
        assertThat(temp.resolve("checkouts")).isEmptyDirectory();
        assertThat(outside).hasContent("not the run's");
        assertThat(checkouts.removeAll()).isEmpty();
    }

    @Test
    void checkout_ofACommitTheCloneDoesNotHave_failsNamingTheCommitAndTheRepository() {
        Revision revision = sources.fetch(url(), "main");
        Revision unknown = new Revision(revision.repository(), "0".repeat(40), "main");

        SourceException e = catchThrowableOfType(SourceException.class, () -> checkouts.checkout(14, url(), unknown));

        assertThat(e).hasMessageStartingWith("cannot check out 'main' of " + url() + ": its commit " + "0".repeat(40)
                + " could not be written to " + checkouts.runFolder(14));
        assertThat(checkouts.runFolder(14)).isEmptyDirectory();
    }
}
