package io.patchrun.source;

import io.patchrun.testsupport.GitRepos;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.patchrun.testsupport.BenchmarkFigures;

/** How long a first clone, a fetch with nothing new, and a fetch of one commit take; asserts nothing about time. */
@Tag("benchmark")
class GitSourcesBenchmark {

    private static final int FILES = 500;
    private static final int COMMITS = 20;
    private static final int ROUNDS = 10;

    @TempDir
    Path temp;

    @Test
    void fetch() throws IOException {
        GitRepos remote = GitRepos.init(temp.resolve("remote"));
        for (int commit = 0; commit < COMMITS; commit++) {
            for (int file = commit; file < FILES; file += COMMITS) {
                remote.write("src/module-" + file % 10 + "/file-" + file + ".txt", "content " + file + "\n".repeat(40));
            }
            remote.commit("Commit " + commit);
        }
        GitSources sources = new GitSources(temp.resolve("workspace"), GitAccess.anonymous());
        String url = remote.path().toString();

        long clone = time(() -> sources.fetch(url, "main"));
        long[] nothingNew = new long[ROUNDS];
        long[] oneCommit = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            nothingNew[round] = time(() -> sources.fetch(url, "main"));
            remote.write("src/module-0/file-0.txt", "round " + round).commit("Round " + round);
            oneCommit[round] = time(() -> sources.fetch(url, "main"));
        }

        report(List.of(
                "git sources: local remote with " + FILES + " files in " + COMMITS + " commits",
                "first fetch (clone):                    " + millis(clone),
                "fetch, nothing new (median):            " + millis(BenchmarkFigures.median(nothingNew)),
                "fetch, one new commit (median):         " + millis(BenchmarkFigures.median(oneCommit))));
    }

    private static long time(Supplier<Revision> work) {
        long start = System.nanoTime();
        work.get();
        return System.nanoTime() - start;
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1_000_000.0);
    }

    private static void report(List<String> lines) throws IOException {
        BenchmarkFigures.printAndWrite("git-sources", lines);
    }
}
