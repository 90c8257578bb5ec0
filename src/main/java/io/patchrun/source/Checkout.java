package io.patchrun.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A working tree at exactly one commit. It stays as it is until the next checkout of the same remote
 * replaces it, so callers that read or build from it should do so before asking for that remote again.
 *
 * @param dir    the working tree
 * @param commit full id of the commit checked out
 * @param ref    the branch or tag asked for; for the remote's HEAD, the branch it points to ({@code HEAD}
 *               when it points to no branch)
 */
public record Checkout(Path dir, String commit, String ref) {

    /**
     * The most of one file that is read: 1 MiB. Patchrun reads Dockerfiles from checkouts, a few kilobytes
     * each; a larger file costs no more than this to refuse.
     */
    public static final int MAX_READ = 1 << 20;

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public Checkout {
        dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        Objects.requireNonNull(ref, "ref");
        if (commit == null || !COMMIT_ID.matcher(commit).matches()) {
            throw new IllegalArgumentException("not a full commit id: '" + commit + "'");
        }
    }

    /**
     * The text of a file in the checkout, decoded as UTF-8.
     *
     * @param relativePath path from the top of the checkout, e.g. {@code docker/web/Dockerfile}
     * @return the text, or empty when there is no such file
     * @throws FileTooLargeException    when the file has more than {@link #MAX_READ} bytes
     * @throws IllegalArgumentException when the path, or a symbolic link on it, leads outside the
     *                                  checked-out files (including into {@code .git})
     */
    public Optional<String> read(String relativePath) {
        Path file = inside(relativePath);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw outside(relativePath, "a symbolic link on it points outside");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_READ + 1);
            }
            if (bytes.length > MAX_READ) {
                throw new FileTooLargeException(relativePath, MAX_READ, lineAt(bytes, MAX_READ));
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relativePath + " in checkout " + dir + " of " + ref, e);
        }
    }

    private static int lineAt(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private Path inside(String relativePath) {
        Path path;
        try {
            path = Path.of(relativePath);
        } catch (InvalidPathException e) {
            throw outside(relativePath, "it is not a usable path (" + e.getReason() + ")");
        }
        Path file = dir.resolve(path).normalize();
        if (path.isAbsolute() || !file.startsWith(dir) || file.equals(dir)) {
            throw outside(relativePath, "it is not a path inside the checkout");
        }
        if (dir.relativize(file).getName(0).toString().equals(".git")) {
            throw outside(relativePath, "it is Git's own data, not a checked-out file");
        }
        return file;
    }

    private IllegalArgumentException outside(String relativePath, String why) {
        return new IllegalArgumentException("refusing to read '" + relativePath + "' from checkout " + dir + ": "
                + why);
    }
}
