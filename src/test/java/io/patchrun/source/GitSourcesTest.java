package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.patchrun.testsupport.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourcesTest {

    @TempDir
    Path temp;

    private GitRepos remote;
    private GitSources sources;

    @BeforeEach
    void createRemoteAndWorkspace() {
        remote = GitRepos.withFiles(temp.resolve("remotes/web"), Map.of("Dockerfile", "FROM debian:12\n"));
        sources = new GitSources(temp.resolve("workspace"), GitAccess.anonymous());
    }

    private String url() {
        return remote.path().toString();
    }

    @Test
    void checkout_clonesTheRemotesHead_whenNoRefIsGiven() {
        Checkout checkout = sources.checkout(url(), null);

        assertThat(checkout.commit()).isEqualTo(remote.head());
        assertThat(checkout.ref()).isEqualTo("main");
        assertThat(checkout.dir()).startsWith(temp.resolve("workspace"));
        assertThat(checkout.read("Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void checkout_namesTheBranchHeadPointsTo_whenItIsNotMain() {
        remote.branch("develop").switchTo("develop").write("Dockerfile", "FROM debian:13\n").commit("Try trixie");

        Checkout checkout = sources.checkout(url(), null);

        assertThat(checkout.ref()).isEqualTo("develop");
        assertThat(checkout.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void checkout_fetchesNewCommits_intoTheSameFolder() {
        Checkout first = sources.checkout(url(), "main");
        String second = remote.write("Dockerfile", "FROM debian:13\n").write("app/index.html", "hi").commit("Update");

        Checkout again = sources.checkout(url(), "main");

        assertThat(again.dir()).isEqualTo(first.dir());
        assertThat(again.commit()).isEqualTo(second).isNotEqualTo(first.commit());
        assertThat(again.read("Dockerfile")).contains("FROM debian:13\n");
        assertThat(again.read("app/index.html")).contains("hi");
    }

    @Test
    void checkout_checksOutBranchesAndTags_atTheirOwnCommits() {
        String v1 = remote.head();
        remote.tag("v1").annotatedTag("v1-annotated", "First release");
        remote.branch("stable");
        String latest = remote.write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");

        assertThat(sources.checkout(url(), "v1").commit()).isEqualTo(v1);
        assertThat(sources.checkout(url(), "v1-annotated").commit()).isEqualTo(v1);
        assertThat(sources.checkout(url(), "refs/tags/v1").commit()).isEqualTo(v1);
        Checkout stable = sources.checkout(url(), "stable");
        assertThat(stable.commit()).isEqualTo(v1);
        assertThat(stable.ref()).isEqualTo("stable");
        assertThat(stable.read("Dockerfile")).contains("FROM debian:12\n");
        assertThat(sources.checkout(url(), "refs/heads/main").commit()).isEqualTo(latest);
        assertThat(sources.checkout(url(), "main").read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void checkout_prefersTheBranch_whenABranchAndATagShareAName() {
        String tagged = remote.head();
        remote.tag("release");
        String branched = remote.write("x", "1").commit("Later");
        remote.branch("release");

        assertThat(sources.checkout(url(), "release").commit()).isEqualTo(branched).isNotEqualTo(tagged);
        assertThat(sources.checkout(url(), "refs/tags/release").commit()).isEqualTo(tagged);
    }

    @Test
    void checkout_movesWithAMovedTag_andForgetsDeletedBranches() {
        remote.branch("feature").tag("moving");
        sources.checkout(url(), "feature");
        String moved = remote.write("x", "1").commit("Later");
        deleteRef("refs/heads/feature");
        deleteRef("refs/tags/moving");
        remote.tag("moving");

        assertThat(sources.checkout(url(), "moving").commit()).isEqualTo(moved);
        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.checkout(url(), "feature"));
        assertThat(e).hasMessageContaining("the remote has no branch or tag 'feature'");
    }

    private void deleteRef(String name) {
        try {
            Files.delete(remote.path().resolve(".git").resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void checkout_discardsLocalChangesAndUntrackedFiles() throws IOException {
        Checkout first = sources.checkout(url(), "main");
        Files.writeString(first.dir().resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(first.dir().resolve("leftover.txt"), "from an earlier build");
        Files.createDirectories(first.dir().resolve("build/out"));

        Checkout again = sources.checkout(url(), "main");

        assertThat(again.read("Dockerfile")).contains("FROM debian:12\n");
        assertThat(again.dir().resolve("leftover.txt")).doesNotExist();
        assertThat(again.dir().resolve("build")).doesNotExist();
    }

    @Test
    void checkout_reportsAMissingRef_withTheRefsThereAre() {
        remote.tag("v1").branch("develop");

        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.checkout(url(), "relase"));

        assertThat(e.url()).isEqualTo(url());
        assertThat(e.ref()).isEqualTo("relase");
        assertThat(e).hasMessage("cannot check out 'relase' of " + url()
                + ": the remote has no branch or tag 'relase' (branches: develop, main; tags: v1)");
    }

    @Test
    void checkout_reportsAnUnreachableRemote_withUrlRefAndGitsReason() {
        String missing = temp.resolve("remotes/missing").toString();

        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.checkout(missing, "main"));

        assertThat(e.url()).isEqualTo(missing);
        assertThat(e.getMessage()).startsWith("cannot check out 'main' of " + missing + ": ")
                .contains("missing");
        assertThat(e.getMessage().length()).isGreaterThan(("cannot check out 'main' of " + missing + ": ").length());
    }

    @Test
    void checkout_reportsAnEmptyRemote_whenAskedForItsHead() {
        GitRepos empty = GitRepos.init(temp.resolve("remotes/empty"));

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> sources.checkout(empty.path().toString(), null));

        assertThat(e).hasMessageStartingWith("cannot check out the remote's HEAD of " + empty.path() + ": ");
    }

    @Test
    void checkout_acceptsRelativePathsAndFileUrls_forTheSameRemote() {
        String relative = Path.of("").toAbsolutePath().relativize(remote.path()).toString();

        Checkout viaPath = sources.checkout(relative, null);
        Checkout viaUrl = sources.checkout(remote.path().toUri().toString(), null);

        assertThat(relative).doesNotStartWith("/");
        assertThat(viaPath.commit()).isEqualTo(remote.head());
        assertThat(viaUrl.commit()).isEqualTo(remote.head());
        assertThat(viaPath.read("Dockerfile")).isEqualTo(viaUrl.read("Dockerfile"));
    }

    @Test
    void checkout_keepsOneReadableFolderPerRemote() {
        GitRepos api = GitRepos.withFiles(temp.resolve("remotes/api"), Map.of("Dockerfile", "FROM alpine\n"));

        Path web = sources.checkout(url(), null).dir();
        Path webAgain = sources.checkout(url() + "/", "main").dir();
        Path apiDir = sources.checkout(api.path().toString(), null).dir();

        assertThat(web).isEqualTo(webAgain);
        assertThat(apiDir).isNotEqualTo(web);
        assertThat(web.getFileName().toString()).matches("remotes-web-[0-9a-f]{12}");
        assertThat(apiDir.getFileName().toString()).matches("remotes-api-[0-9a-f]{12}");
    }

    @Test
    void checkout_startsOver_whenTheCloneFolderIsDamaged() throws IOException {
        Path dir = sources.checkout(url(), null).dir();
        Files.writeString(dir.resolve(".git/HEAD"), "garbage");
        Files.delete(dir.resolve(".git/config"));

        Checkout again = sources.checkout(url(), null);

        assertThat(again.commit()).isEqualTo(remote.head());
        assertThat(again.read("Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void checkout_asksForTheRemotesHeadAgainAndAgain_betweenOtherRefs() {
        for (String ref : new String[] {null, null, "main", null, "main", "main", null}) {
            String commit = remote.write("x", String.valueOf(ref)).commit("Before " + ref);

            assertThat(sources.checkout(url(), ref).commit()).isEqualTo(commit);
        }
    }

    @Test
    void checkout_getsTheNewCommit_despiteLockFilesLeftByACrash() throws IOException {
        Path git = sources.checkout(url(), "main").dir().resolve(".git");
        String next = remote.write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");
        Files.writeString(git.resolve("refs/remotes/origin/main.lock"), "");
        Files.writeString(git.resolve("packed-refs.lock"), "");
        Files.writeString(git.resolve("index.lock"), "");

        Checkout again = sources.checkout(url(), "main");

        assertThat(again.commit()).isEqualTo(next);
        assertThat(again.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void checkout_letsTwoThreadsCheckOutOneRemoteAtOnce() throws Exception {
        GitSources other = new GitSources(temp.resolve("workspace"), GitAccess.anonymous());
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String commit = remote.write("round", String.valueOf(round)).commit("Round " + round);
                Future<Checkout> a = pool.submit(() -> {
                    together.await();
                    return sources.checkout(url(), "main");
                });
                Future<Checkout> b = pool.submit(() -> {
                    together.await();
                    return other.checkout(url(), null);
                });

                assertThat(a.get().commit()).isEqualTo(commit);
                assertThat(b.get().commit()).isEqualTo(commit);
                assertThat(a.get().dir()).isEqualTo(b.get().dir());
                assertThat(a.get().read("round")).contains(String.valueOf(round));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
