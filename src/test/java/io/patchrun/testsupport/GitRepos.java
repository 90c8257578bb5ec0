package io.patchrun.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Real Git repositories for tests: files, commits, branches and tags, made with JGit in a folder the
 * test owns (usually a {@code @TempDir}). New repositories start on branch {@code main}.
 *
 * <pre>{@code
 * GitRepos repo = GitRepos.withFiles(dir, Map.of("Dockerfile", "FROM debian:12\n"));
 * String v1 = repo.head();
 * repo.tag("v1").write("Dockerfile", "FROM debian:13\n").commit("Move to trixie");
 * }</pre>
 */
public final class GitRepos {

    private static final PersonIdent AUTHOR = new PersonIdent("Patchrun Test", "test@patchrun.invalid");

    private final Path dir;

    private GitRepos(Path dir) {
        this.dir = dir;
    }

    /** An empty repository in {@code dir} (created if missing) on branch {@code main}. */
    public static GitRepos init(Path dir) {
        try (Git ignored = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            return new GitRepos(dir);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create a test repository in " + dir, e);
        }
    }

    /** A repository in {@code dir} with {@code files} (path to content) committed on {@code main}. */
    public static GitRepos withFiles(Path dir, Map<String, String> files) {
        GitRepos repo = init(dir);
        files.forEach(repo::write);
        repo.commit("Add " + String.join(", ", files.keySet()));
        return repo;
    }

    /** The working tree folder, which Git also accepts as the repository's URL. */
    public Path path() {
        return dir;
    }

    /** Writes a file in the working tree, creating folders; it is part of the next commit. */
    public GitRepos write(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + " in test repository " + dir, e);
        }
    }

    /** Deletes a file from the working tree; the deletion is part of the next commit. */
    public GitRepos delete(String path) {
        try {
            Files.delete(dir.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + " in test repository " + dir, e);
        }
    }

    /** Commits every change in the working tree on the current branch; returns the commit id. */
    public String commit(String message) {
        return git(git -> {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call().name();
        });
    }

    /** Creates branch {@code name} at the current commit, staying on the current branch. */
    public GitRepos branch(String name) {
        return git(git -> {
            git.branchCreate().setName(name).call();
            return this;
        });
    }

    /** Switches to an existing branch. */
    public GitRepos switchTo(String branch) {
        return git(git -> {
            git.checkout().setName(branch).call();
            return this;
        });
    }

    /** Tags the current commit with a lightweight tag. */
    public GitRepos tag(String name) {
        return git(git -> {
            git.tag().setName(name).setAnnotated(false).call();
            return this;
        });
    }

    /** Tags the current commit with an annotated tag, which points at a tag object rather than the commit. */
    public GitRepos annotatedTag(String name, String message) {
        return git(git -> {
            git.tag().setName(name).setMessage(message).setTagger(AUTHOR).setSigned(false).call();
            return this;
        });
    }

    /** The id of the current commit. */
    public String head() {
        return git(git -> git.getRepository().resolve("HEAD").name());
    }

    private <T> T git(GitWork<T> work) {
        try (Git git = Git.open(dir.toFile())) {
            return work.run(git);
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("test repository " + dir + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface GitWork<T> {
        T run(Git git) throws IOException, GitAPIException;
    }
}
