package io.patchrun.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A working tree holding exactly the files of one commit, and nothing of Git's: made for one run alone by
 * {@link RunCheckouts}, and removed with the run's other checkouts when the run ends.
 *
 * @param dir    the working tree
 * @param commit full id of the commit whose files it holds
 */
public record Checkout(Path dir, String commit) {

    public Checkout {
        dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        Objects.requireNonNull(commit, "commit");
    }
}
