package io.patchrun.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads files of one commit from Git's objects, the way reading them from a checkout of it would: paths are
 * taken from the top of the repository, and a symbolic link on the way is followed while it stays inside the
 * commit's files.
 */
final class CommitFiles {

    /** As many links as Linux follows before it gives up with ELOOP. */
    private static final int MAX_LINKS = 40;

    private final Repository repository;
    private final ObjectId commit;
    private final Supplier<String> what;

    CommitFiles(Repository repository, ObjectId commit, Supplier<String> what) {
        this.repository = repository;
        this.commit = commit;
        this.what = what;
    }

    Optional<String> read(String relativePath) throws IOException {
        List<String> path = inside(relativePath, relativePath);
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            ObjectId root = walk.parseCommit(commit).getTree();
            for (int links = 0; links <= MAX_LINKS; links++) {
                Step step = walk(reader, root, path, relativePath);
                if (step.link == null) {
                    return step.blob == null ? Optional.empty() : Optional.of(text(reader, step.blob, relativePath));
                }
                path = step.link;
            }
            throw refused(relativePath, "it goes through more than " + MAX_LINKS + " symbolic links");
        }
    }

    /** Where a path leads: a file's blob, nothing, or, when a symbolic link is on it, the path it leads to instead. */
    private record Step(ObjectId blob, List<String> link) {
    }

    private Step walk(ObjectReader reader, ObjectId root, List<String> path, String asked) throws IOException {
        ObjectId tree = root;
        for (int i = 0; i < path.size(); i++) {
            try (TreeWalk entry = TreeWalk.forPath(reader, path.get(i), tree)) {
                if (entry == null) {
                    return new Step(null, null);
                }
                FileMode mode = entry.getFileMode(0);
                boolean last = i == path.size() - 1;
                if (mode == FileMode.SYMLINK) {
                    String target = new String(reader.open(entry.getObjectId(0), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
                    if (target.startsWith("/")) {
                        throw refused(asked, "a symbolic link on it points outside");
                    }
                    List<String> followed = new ArrayList<>(path.subList(0, i));
                    followed.add(target);
                    followed.addAll(path.subList(i + 1, path.size()));
                    return new Step(null, inside(String.join("/", followed), asked));
                }
                if (mode == FileMode.TREE && !last) {
                    tree = entry.getObjectId(0);
                } else if ((mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) && last) {
                    return new Step(entry.getObjectId(0), null);
                } else {
                    return new Step(null, null);
                }
            }
        }
        return new Step(null, null);
    }

    /** The names of a path inside the commit's files, {@code .} and {@code ..} taken out. */
    private List<String> inside(String candidate, String asked) {
        Path path;
        try {
            path = Path.of(candidate);
        } catch (InvalidPathException e) {
            throw refused(asked, "it is not a usable path (" + e.getReason() + ")");
        }
        Path normal = path.normalize();
        if (path.isAbsolute() || normal.toString().isEmpty() || normal.getName(0).toString().equals("..")) {
            throw refused(asked, candidate.equals(asked) ? "it is not a path inside the checkout" : "a symbolic link on it points outside");
        }
        if (normal.getName(0).toString().equals(Constants.DOT_GIT)) {
            throw refused(asked, "it is Git's own data, not a checked-out file");
        }
        List<String> names = new ArrayList<>();
        normal.forEach(name -> names.add(name.toString()));
        return names;
    }

    private String text(ObjectReader reader, ObjectId blob, String relativePath) throws IOException {
        byte[] bytes;
        try (InputStream in = reader.open(blob, Constants.OBJ_BLOB).openStream()) {
            bytes = in.readNBytes(Revision.MAX_READ + 1);
        }
        if (bytes.length > Revision.MAX_READ) {
            throw new FileTooLargeException(relativePath, Revision.MAX_READ, lineAt(bytes, Revision.MAX_READ));
        }
        return new String(bytes, StandardCharsets.UTF_8);
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

    private IllegalArgumentException refused(String relativePath, String why) {
        return new IllegalArgumentException("refusing to read '" + relativePath + "' from " + what.get() + ": " + why);
    }
}
