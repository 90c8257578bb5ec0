package io.patchrun.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The folder that holds one clone per remote, named so a person can tell them apart
 * ({@code team-web-3f9a1c0b2d4e}), and the locks that keep two fetches of one remote apart.
 */
final class Workspace {

    /**
     * Shared by every {@code GitSources} of this JVM, so two instances on one workspace still take
     * turns; the lock file does the same between processes (a CLI run next to the server).
     */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private static final int SLUG_LENGTH = 40;

    private final Path root;

    Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The clone folder of {@code remote}: a readable slug of its URL plus a short hash of it. */
    Path folderFor(RemoteUrl remote) {
        return root.resolve(slug(remote.display()) + "-" + shortHash(remote.display()));
    }

    /** Waits until this thread alone may use {@code folder}; closing the hold lets the next one in. */
    Hold hold(Path folder) throws IOException {
        ReentrantLock lock = LOCKS.computeIfAbsent(folder, key -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve(folder.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Hold(lock, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** The last two path segments of a URL, lowercase, e.g. {@code team-web} for .../team/web.git. */
    static String slug(String url) {
        String path = url.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "")
                .replaceAll("/+$", "")
                .replaceAll("\\.git$", "");
        String[] segments = path.split("[/:\\\\]+");
        String last = segments.length > 1 ? segments[segments.length - 2] + "-" + segments[segments.length - 1]
                : segments[segments.length - 1];
        String slug = last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_LENGTH) {
            slug = slug.substring(slug.length() - SLUG_LENGTH).replaceAll("^-+", "");
        }
        return slug.isEmpty() ? "repo" : slug;
    }

    private static String shortHash(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Exclusive use of one clone folder. */
    static final class Hold implements AutoCloseable {

        private final ReentrantLock lock;
        private final FileChannel channel;
        private final FileLock fileLock;

        private Hold(ReentrantLock lock, FileChannel channel, FileLock fileLock) {
            this.lock = lock;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        @Override
        public void close() throws IOException {
            try {
                fileLock.release();
                channel.close();
            } finally {
                lock.unlock();
            }
        }
    }
}
