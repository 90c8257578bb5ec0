package io.patchrun.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The working trees runs build from, one folder per run ({@code <root>/run-<id>/}): each holds, for every
 * commit the run builds from, exactly that commit's files and nothing of Git's history. No other run and no
 * plan ever writes into a run's folder, so what a build reads is what its run planned. A run's folder is
 * removed when the run ends ({@link #remove}); what a stopped process left is removed at the next start
 * ({@link #removeAll}).
 */
public final class RunCheckouts {

    private static final String RUN_PREFIX = "run-";
    private static final String PARTIAL = ".partial";

    private final Path root;
    /** One lock per working tree, so the images of a run built from one commit wait for a single checkout. */
    private final ConcurrentMap<Path, Object> locks = new ConcurrentHashMap<>();

    /** @param root the folder of the runs' folders, e.g. {@code data/checkouts}; created when needed */
    public RunCheckouts(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /**
     * The working tree of {@code revision} for run {@code run}: checked out on the first call, the same folder
     * on later calls of that run.
     *
     * @param url the remote as the pipeline names it, for messages
     * @throws SourceException when the commit cannot be checked out (its objects are gone from the clone, the
     *                         disk is full, ...), naming the commit, the URL and the folder
     */
    public Checkout checkout(long run, String url, Revision revision) {
        Path dir = runFolder(run).resolve(revision.repository().getFileName() + "-" + revision.commit().substring(0, 12));
        synchronized (locks.computeIfAbsent(dir, key -> new Object())) {
            if (Files.isDirectory(dir)) {
                return new Checkout(dir, revision.commit());
            }
            Path partial = dir.resolveSibling(dir.getFileName() + PARTIAL);
            try (Repository git = revision.openRepository()) {
                deleteRecursively(partial);
                TreeExport.write(git, ObjectId.fromString(revision.commit()), partial);
                Files.move(partial, dir);
                return new Checkout(dir, revision.commit());
            } catch (IOException | RuntimeException e) {
                deleteQuietly(partial, e);
                throw new SourceException(RemoteUrl.stripUserInfo(url), revision.ref(), "its commit " + revision.commit()
                        + " could not be written to " + dir + " (run " + run + "): " + e.getMessage(), e);
            }
        }
    }

    /** Removes run {@code run}'s working trees; nothing when it has none. */
    public void remove(long run) {
        Path folder = runFolder(run);
        try {
            deleteRecursively(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkouts of run " + run + " in " + folder + ": " + e.getMessage(), e);
        } finally {
            locks.keySet().removeIf(dir -> dir.startsWith(folder));
        }
    }

    /**
     * Removes every run's working trees. Only for the start of the process, before any run of it goes: what is
     * there was left by runs a stopped process did not finish.
     *
     * @return the run folders removed
     */
    public List<Path> removeAll() {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(path -> path.getFileName().toString().startsWith(RUN_PREFIX)).sorted().toList()) {
                deleteRecursively(folder);
                removed.add(folder);
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkouts left in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The folder of run {@code run}'s working trees, whether or not it exists. */
    public Path runFolder(long run) {
        return root.resolve(RUN_PREFIX + run);
    }

    private static void deleteQuietly(Path folder, Exception failure) {
        try {
            deleteRecursively(folder);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Deletes a folder and what it holds, without following symbolic links out of it. */
    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
