package io.patchrun.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the files of one commit into an empty folder, as {@code git checkout} would lay them out, and
 * nothing of Git's own: regular and executable files, symbolic links as links, a submodule as an empty
 * folder. Files are written as committed (no end-of-line conversion, no filters).
 */
final class TreeExport {

    private TreeExport() {
    }

    static void write(Repository repository, ObjectId commit, Path target) throws IOException {
        Files.createDirectories(target);
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader);
             TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            while (tree.next()) {
                Path path = place(target, tree);
                FileMode mode = tree.getFileMode(0);
                if (tree.isSubtree()) {
                    Files.createDirectory(path);
                    tree.enterSubtree();
                } else if (mode == FileMode.GITLINK) {
                    Files.createDirectory(path);
                } else if (mode == FileMode.SYMLINK) {
                    byte[] link = reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                    Files.createSymbolicLink(path, Path.of(new String(link, StandardCharsets.UTF_8)));
                } else {
                    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        makeExecutable(path);
                    }
                }
            }
        }
    }

    /**
     * Where an entry goes. Git refuses to check out a tree whose names climb out of it or into {@code .git}; a
     * crafted one is refused here too, so no commit can write outside the folder.
     */
    private static Path place(Path target, TreeWalk tree) throws IOException {
        String name = tree.getNameString();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0 || name.toLowerCase(Locale.ROOT).equals(Constants.DOT_GIT)) {
            throw new IOException("the commit has an entry named '" + name + "' at " + tree.getPathString()
                    + ", which Git refuses to check out");
        }
        Path path = target.resolve(tree.getPathString()).normalize();
        if (!path.startsWith(target) || Files.isSymbolicLink(path.getParent()) || Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the commit's entry " + tree.getPathString() + " would not land inside " + target);
        }
        return path;
    }

    private static void makeExecutable(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(file, permissions);
    }
}
