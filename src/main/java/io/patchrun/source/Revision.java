package io.patchrun.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * One commit of a remote as fetched into its clone folder. Its files are read from Git's objects, never from
 * a working tree, so reading them changes nothing anyone builds from; the commit's objects stay in the clone
 * when the branch or tag moves on, so a commit once fetched can still be read and checked out later.
 *
 * @param repository the clone folder the commit was fetched into
 * @param commit     full id of the commit
 * @param ref        the branch or tag asked for; for the remote's HEAD, the branch it points to ({@code HEAD}
 *                   when it points to no branch)
 */
public record Revision(Path repository, String commit, String ref) {

    /**
     * The most of one file that is read: 1 MiB. Patchrun reads Dockerfiles from commits, a few kilobytes
     * each; a larger file costs no more than this to refuse.
     */
    public static final int MAX_READ = 1 << 20;

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public Revision {
        repository = Objects.requireNonNull(repository, "repository").toAbsolutePath().normalize();
        Objects.requireNonNull(ref, "ref");
        if (commit == null || !COMMIT_ID.matcher(commit).matches()) {
            throw new IllegalArgumentException("not a full commit id: '" + commit + "'");
        }
    }

    /**
     * The text of a file of the commit, decoded as UTF-8. Symbolic links in the commit are followed as long
     * as they stay inside its files.
     *
     * @param relativePath path from the top of the repository, e.g. {@code docker/web/Dockerfile}
     * @return the text, or empty when the commit has no such file
     * @throws FileTooLargeException    when the file has more than {@link #MAX_READ} bytes
     * @throws IllegalArgumentException when the path, or a symbolic link on it, leads outside the commit's
     *                                  files (including into {@code .git})
     */
    public Optional<String> read(String relativePath) {
        try (Repository git = openRepository()) {
            return new CommitFiles(git, ObjectId.fromString(commit), this::describe).read(relativePath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relativePath + " of " + describe(), e);
        }
    }

    /**
     * The clone, from JGit's cache of open repositories: a plan reads one Dockerfile after another from it, and
     * opening it anew for each (its configuration, its pack indexes) would cost more than reading them.
     * Close it after use; the cache keeps it open for the next reader.
     */
    Repository openRepository() throws IOException {
        return RepositoryCache.open(RepositoryCache.FileKey.lenient(repository.toFile(), FS.DETECTED), true);
    }

    /** {@code commit 0123456789ab (main) in <clone folder>}, for messages. */
    String describe() {
        return "commit " + commit.substring(0, 12) + " (" + ref + ") in " + repository;
    }
}
