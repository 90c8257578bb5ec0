package io.patchrun.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * The demo's Git repositories, made with JGit on branch {@link #BRANCH} and changed only by commits
 * there, so the next patch run sees every change as a new commit. A folder that already holds a
 * repository is never replaced: whatever a newcomer committed there stays.
 */
final class DemoRepositories {

    static final String BRANCH = "main";
    private static final PersonIdent AUTHOR = new PersonIdent("Patchrun demo", "demo@patchrun.invalid");

    /**
     * Makes a repository in {@code dir} with {@code files} committed, unless one is there already.
     *
     * @return whether it made one
     * @throws DemoException when {@code dir} holds other files but no repository
     */
    boolean ensure(Path dir, Map<String, String> files, String message) {
        if (isRepository(dir)) {
            return false;
        }
        if (hasFiles(dir)) {
            throw new DemoException("cannot make the demo repository in " + dir + ": the folder holds files but no Git"
                    + " repository; move it away, or point the demo pipeline's url elsewhere");
        }
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(BRANCH).call()) {
            write(dir, files);
            commitAll(git, message);
            return true;
        } catch (GitAPIException | IOException e) {
            throw new DemoException("cannot make the demo repository in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code files} into the working tree of {@code dir} and commits them on {@link #BRANCH}.
     *
     * @return the new commit's id, or empty when every file already had that content
     */
    Optional<String> commit(Path dir, Map<String, String> files, String message) {
        try (Git git = Git.open(dir.toFile())) {
            if (git.getRepository().isBare()) {
                throw new DemoException("cannot commit to " + dir + ": it is a bare repository, with no files to change");
            }
            String branch = git.getRepository().getBranch();
            if (!BRANCH.equals(branch)) {
                throw new DemoException("cannot commit to " + dir + ": it is on branch " + branch + ", the demo builds "
                        + BRANCH + "; switch back with: git -C " + dir + " checkout " + BRANCH);
            }
            if (files.entrySet().stream().allMatch(file -> read(dir, file.getKey()).filter(file.getValue()::equals).isPresent())) {
                return Optional.empty();
            }
            write(dir, files);
            return Optional.of(commitAll(git, message));
        } catch (GitAPIException | IOException e) {
            throw new DemoException("cannot commit '" + message + "' to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A file of the working tree of {@code dir}, or empty when there is none. */
    Optional<String> read(Path dir, String path) {
        Path file = dir.resolve(path);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new DemoException("cannot read " + path + " in the demo repository " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean isRepository(Path dir) {
        return Files.isDirectory(dir.resolve(".git")) || RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED);
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new DemoException("cannot look into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static String commitAll(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call().name();
    }
}
