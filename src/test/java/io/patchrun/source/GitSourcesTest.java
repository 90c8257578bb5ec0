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
    void fetch_clonesTheRemotesHead_whenNoRefIsGiven() {
        Revision checkout = sources.fetch(url(), null);

        assertThat(checkout.commit()).isEqualTo(remote.head());
        assertThat(checkout.ref()).isEqualTo("main");
        assertThat(checkout.repository()).startsWith(temp.resolve("workspace"));
        assertThat(checkout.read("Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void fetch_namesTheBranchHeadPointsTo_whenItIsNotMain() {
        remote.branch("develop").switchTo("develop").write("Dockerfile", "FROM debian:13\n").commit("Try trixie");

        Revision checkout = sources.fetch(url(), null);

        assertThat(checkout.ref()).isEqualTo("develop");
        assertThat(checkout.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void fetch_fetchesNewCommits_intoTheSameFolder() {
        Revision first = sources.fetch(url(), "main");
        String second = remote.write("Dockerfile", "FROM debian:13\n").write("app/index.html", "hi").commit("Update");

        Revision again = sources.fetch(url(), "main");

        assertThat(again.repository()).isEqualTo(first.repository());
        assertThat(again.commit()).isEqualTo(second).isNotEqualTo(first.commit());
        assertThat(again.read("Dockerfile")).contains("FROM debian:13\n");
        assertThat(again.read("app/index.html")).contains("hi");
    }

    @Test
    void fetch_checksOutBranchesAndTags_atTheirOwnCommits() {
        String v1 = remote.head();
        remote.tag("v1").annotatedTag("v1-annotated", "First release");
        remote.branch("stable");
        String latest = remote.write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");

        assertThat(sources.fetch(url(), "v1").commit()).isEqualTo(v1);
        assertThat(sources.fetch(url(), "v1-annotated").commit()).isEqualTo(v1);
        assertThat(sources.fetch(url(), "refs/tags/v1").commit()).isEqualTo(v1);
        Revision stable = sources.fetch(url(), "stable");
        assertThat(stable.commit()).isEqualTo(v1);
        assertThat(stable.ref()).isEqualTo("stable");
        assertThat(stable.read("Dockerfile")).contains("FROM debian:12\n");
        assertThat(sources.fetch(url(), "refs/heads/main").commit()).isEqualTo(latest);
        assertThat(sources.fetch(url(), "main").read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void fetch_prefersTheBranch_whenABranchAndATagShareAName() {
        String tagged = remote.head();
        remote.tag("release");
        String branched = remote.write("x", "1").commit("Later");
        remote.branch("release");

        assertThat(sources.fetch(url(), "release").commit()).isEqualTo(branched).isNotEqualTo(tagged);
        assertThat(sources.fetch(url(), "refs/tags/release").commit()).isEqualTo(tagged);
    }

    @Test
    void fetch_movesWithAMovedTag_andForgetsDeletedBranches() {
        remote.branch("feature").tag("moving");
        sources.fetch(url(), "feature");
        String moved = remote.write("x", "1").commit("Later");
        deleteRef("refs/heads/feature");
        deleteRef("refs/tags/moving");
        remote.tag("moving");

        assertThat(sources.fetch(url(), "moving").commit()).isEqualTo(moved);
        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.fetch(url(), "feature"));
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
    void fetch_writesNoWorkingTree_soNoFileAnyoneReadsChanges() {
        Revision first = sources.fetch(url(), "main");

        assertThat(first.repository().resolve("Dockerfile")).doesNotExist();
        assertThat(first.repository().resolve("HEAD")).isRegularFile();
    }

    @Test
    void fetch_leavesAnEarlierCommitReadable_afterTheBranchMovedOnOrWasDeleted() {
        remote.branch("feature");
        Revision planned = sources.fetch(url(), "feature");
        remote.switchTo("feature").write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");
        Revision moved = sources.fetch(url(), "feature");
        remote.switchTo("main");
        deleteRef("refs/heads/feature");
        sources.fetch(url(), "main");

        assertThat(moved.commit()).isNotEqualTo(planned.commit());
        assertThat(planned.read("Dockerfile")).contains("FROM debian:12\n");
        assertThat(moved.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void fetch_reportsAMissingRef_withTheRefsThereAre() {
        remote.tag("v1").branch("develop");

        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.fetch(url(), "relase"));

        assertThat(e.url()).isEqualTo(url());
        assertThat(e.ref()).isEqualTo("relase");
        assertThat(e).hasMessage("cannot check out 'relase' of " + url()
                + ": the remote has no branch or tag 'relase' (branches: develop, main; tags: v1)");
    }

    @Test
    void fetch_reportsAnUnreachableRemote_withUrlRefAndGitsReason() {
        String missing = temp.resolve("remotes/missing").toString();

        SourceException e = catchThrowableOfType(SourceException.class, () -> sources.fetch(missing, "main"));

        assertThat(e.url()).isEqualTo(missing);
        assertThat(e.getMessage()).startsWith("cannot check out 'main' of " + missing + ": ")
                .contains("missing");
        assertThat(e.getMessage().length()).isGreaterThan(("cannot check out 'main' of " + missing + ": ").length());
    }

    @Test
    void fetch_reportsAnEmptyRemote_whenAskedForItsHead() {
        GitRepos empty = GitRepos.init(temp.resolve("remotes/empty"));

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> sources.fetch(empty.path().toString(), null));

        assertThat(e).hasMessageStartingWith("cannot check out the remote's HEAD of " + empty.path() + ": ");
    }

    @Test
    void fetch_acceptsRelativePathsAndFileUrls_forTheSameRemote() {
        String relative = Path.of("").toAbsolutePath().relativize(remote.path()).toString();

        Revision viaPath = sources.fetch(relative, null);
        Revision viaUrl = sources.fetch(remote.path().toUri().toString(), null);

        assertThat(relative).doesNotStartWith("/");
        assertThat(viaPath.commit()).isEqualTo(remote.head());
        assertThat(viaUrl.commit()).isEqualTo(remote.head());
        assertThat(viaPath.read("Dockerfile")).isEqualTo(viaUrl.read("Dockerfile"));
    }

    @Test
    void fetch_keepsOneReadableFolderPerRemote() {
        GitRepos api = GitRepos.withFiles(temp.resolve("remotes/api"), Map.of("Dockerfile", "FROM alpine\n"));

        Path web = sources.fetch(url(), null).repository();
        Path webAgain = sources.fetch(url() + "/", "main").repository();
        Path apiDir = sources.fetch(api.path().toString(), null).repository();

        assertThat(web).isEqualTo(webAgain);
        assertThat(apiDir).isNotEqualTo(web);
        assertThat(web.getFileName().toString()).matches("remotes-web-[0-9a-f]{12}");
        assertThat(apiDir.getFileName().toString()).matches("remotes-api-[0-9a-f]{12}");
    }

    @Test
    void fetch_startsOver_whenTheCloneFolderIsDamaged() throws IOException {
        Path dir = sources.fetch(url(), null).repository();
        Files.writeString(dir.resolve("HEAD"), "garbage");
        Files.delete(dir.resolve("config"));

        Revision again = sources.fetch(url(), null);

        assertThat(again.commit()).isEqualTo(remote.head());
        assertThat(again.read("Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void fetch_asksForTheRemotesHeadAgainAndAgain_betweenOtherRefs() {
        for (String ref : new String[] {null, null, "main", null, "main", "main", null}) {
            String commit = remote.write("x", String.valueOf(ref)).commit("Before " + ref);

            assertThat(sources.fetch(url(), ref).commit()).isEqualTo(commit);
        }
    }

    @Test
    void fetch_getsTheNewCommit_despiteLockFilesLeftByACrash() throws IOException {
        Path git = sources.fetch(url(), "main").repository();
        String next = remote.write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");
        Files.writeString(git.resolve("refs/remotes/origin/main.lock"), "");
        Files.writeString(git.resolve("packed-refs.lock"), "");
        Files.writeString(git.resolve("index.lock"), "");

        Revision again = sources.fetch(url(), "main");

        assertThat(again.commit()).isEqualTo(next);
        assertThat(again.read("Dockerfile")).contains("FROM debian:13\n");
    }

    @Test
    void fetch_letsTwoThreadsCheckOutOneRemoteAtOnce() throws Exception {
        GitSources other = new GitSources(temp.resolve("workspace"), GitAccess.anonymous());
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String commit = remote.write("round", String.valueOf(round)).commit("Round " + round);
                Future<Revision> a = pool.submit(() -> {
                    together.await();
                    return sources.fetch(url(), "main");
                });
                Future<Revision> b = pool.submit(() -> {
                    together.await();
                    return other.fetch(url(), null);
                });

                assertThat(a.get().commit()).isEqualTo(commit);
                assertThat(b.get().commit()).isEqualTo(commit);
                assertThat(a.get().repository()).isEqualTo(b.get().repository());
                assertThat(a.get().read("round")).contains(String.valueOf(round));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
