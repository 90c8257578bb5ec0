package io.patchrun.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch of one remote into its clone folder: fetch every branch and tag and find the commit the ref
 * names. The clone has no working tree (clones made by earlier versions keep theirs, untouched), so nothing
 * here changes files anyone builds from. The caller holds the folder's lock.
 */
final class GitFetch {

    private static final Logger log = LoggerFactory.getLogger(GitFetch.class);

    /** Remote branches are kept under this prefix; no local branch is ever made, so none can go stale. */
    private static final String REMOTE_BRANCHES = "refs/remotes/origin/";
    /**
     * The remote's HEAD, kept apart from the branches: under {@link #REMOTE_BRANCHES} the pruning of
     * deleted branches would try to delete it in the same fetch that updates it.
     */
    private static final String REMOTE_HEAD = "refs/remote-head/HEAD";
    private static final int LISTED_REFS = 10;
    private static final Set<RefUpdate.Result> UPDATED = EnumSet.of(RefUpdate.Result.NEW, RefUpdate.Result.FORCED,
            RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.NO_CHANGE);

    private final Path dir;
    private final RemoteUrl remote;
    private final String ref;
    private final RemoteLogin login;
    private final int timeoutSeconds;

    GitFetch(Path dir, RemoteUrl remote, String ref, RemoteLogin login, int timeoutSeconds) {
        this.dir = dir;
        this.remote = remote;
        this.ref = ref;
        this.login = login;
        this.timeoutSeconds = timeoutSeconds;
    }

    Revision call() throws IOException, GitAPIException {
        try (Git git = openOrCreate()) {
            FetchResult fetched = fetch(git);
            RevCommit commit = commit(git.getRepository());
            return new Revision(dir, commit.name(), ref != null ? ref : headName(fetched));
        }
    }

    private Git openOrCreate() throws IOException, GitAPIException {
        Path gitDir = Files.isDirectory(dir.resolve(Constants.DOT_GIT)) ? dir.resolve(Constants.DOT_GIT) : dir;
        // A clone whose HEAD or layout Git no longer recognises is damaged: readers could not open it either.
        if (RepositoryCache.FileKey.isGitRepository(gitDir.toFile(), FS.DETECTED)) {
            removeStaleLocks(gitDir);
            try {
                return Git.open(dir.toFile());
            } catch (IOException e) {
                log.warn("Clone folder {} of {} is damaged ({}); cloning again", dir, remote.display(), e.toString());
            }
        } else if (Files.exists(dir)) {
            log.warn("Clone folder {} of {} is not a Git repository Git can open; cloning again", dir, remote.display());
        }
        deleteRecursively(dir);
        return Git.init().setBare(true).setDirectory(dir.toFile()).call();
    }

    /**
     * Deletes Git's lock files. We hold the folder's lock, so any there were left by a process that
     * died mid-fetch; JGit would otherwise skip the locked refs and resolve a stale commit.
     */
    private static void removeStaleLocks(Path gitDir) throws IOException {
        Path refs = gitDir.resolve(Constants.R_REFS);
        try (Stream<Path> top = Files.list(gitDir);
             Stream<Path> nested = Files.isDirectory(refs) ? Files.walk(refs) : Stream.empty()) {
            for (Path file : Stream.concat(top, nested).filter(path -> path.toString().endsWith(".lock")).toList()) {
                log.warn("Removing {} left by an interrupted fetch", file);
                Files.deleteIfExists(file);
            }
        }
    }

    private FetchResult fetch(Git git) throws GitAPIException {
        List<RefSpec> specs = new ArrayList<>(List.of(
                new RefSpec("+" + Constants.R_HEADS + "*:" + REMOTE_BRANCHES + "*"),
                new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*")));
        if (ref == null) {
            // HEAD may point to no branch, and protocol v2 only lists the refs asked for.
            specs.add(new RefSpec("+" + Constants.HEAD + ":" + REMOTE_HEAD));
        }
        FetchCommand fetch = git.fetch().setRemote(remote.value()).setRefSpecs(specs).setRemoveDeletedRefs(true)
                .setTagOpt(TagOpt.NO_TAGS).setTimeout(timeoutSeconds);
        FetchResult fetched = login.applyTo(fetch).call();
        requireUpdated(fetched);
        return fetched;
    }

    /** JGit reports a ref it could not update without failing the fetch; checking out would then be stale. */
    private void requireUpdated(FetchResult fetched) {
        for (TrackingRefUpdate update : fetched.getTrackingRefUpdates()) {
            if (!UPDATED.contains(update.getResult())) {
                throw new SourceException(remote.display(), ref, "could not record the fetched "
                        + update.getRemoteName() + " as " + update.getLocalName() + ": " + update.getResult());
            }
        }
    }

    /** Where the fetched ref may be; a branch wins over a tag of the same name, as with {@code git clone -b}. */
    private List<String> candidates() {
        if (ref == null) {
            return List.of(REMOTE_HEAD);
        }
        if (ref.startsWith(Constants.R_HEADS)) {
            return List.of(REMOTE_BRANCHES + ref.substring(Constants.R_HEADS.length()));
        }
        if (ref.startsWith(Constants.R_TAGS)) {
            return List.of(ref);
        }
        return List.of(REMOTE_BRANCHES + ref, Constants.R_TAGS + ref);
    }

    private RevCommit commit(Repository repository) throws IOException {
        for (String candidate : candidates()) {
            Ref found = repository.exactRef(candidate);
            if (found != null) {
                try (RevWalk walk = new RevWalk(repository)) {
                    return walk.parseCommit(found.getObjectId());
                }
            }
        }
        throw new SourceException(remote.display(), ref, "the remote has no branch or tag '" + ref + "' "
                + available(repository));
    }

    private String available(Repository repository) throws IOException {
        return "(branches: " + names(repository, REMOTE_BRANCHES) + "; tags: " + names(repository, Constants.R_TAGS)
                + ")";
    }

    private static String names(Repository repository, String prefix) throws IOException {
        List<String> names = repository.getRefDatabase().getRefsByPrefix(prefix).stream()
                .map(found -> found.getName().substring(prefix.length()))
                .sorted()
                .toList();
        if (names.isEmpty()) {
            return "none";
        }
        String shown = names.stream().limit(LISTED_REFS).collect(Collectors.joining(", "));
        return names.size() > LISTED_REFS ? shown + " and " + (names.size() - LISTED_REFS) + " more" : shown;
    }

    /** The branch the remote's HEAD points to, or HEAD when it points to none. */
    private static String headName(FetchResult fetched) {
        Ref head = fetched.getAdvertisedRef(Constants.HEAD);
        return head != null && head.isSymbolic()
                ? Repository.shortenRefName(head.getTarget().getName())
                : Constants.HEAD;
    }

    /**
     * Deletes the folder. JGit may still be collecting garbage in it, in the background, after an earlier fetch: a file
     * it removes meanwhile is already gone, and one it makes meanwhile is found by walking the folder again.
     */
    private static void deleteRecursively(Path folder) throws IOException {
        for (int attempt = 1; Files.exists(folder); attempt++) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (DirectoryNotEmptyException | NoSuchFileException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
