package io.patchrun.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder ({@code patchrun.data-dir}) holds the database, with each rolled-over container's full
 * configuration, environment included, and the Git checkouts: only its owner may read it. A missing folder is
 * made {@code rwx------}; an existing one that lets its group or others in is tightened, and the log says so.
 */
final class DataFolder {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);

    private DataFolder() {
    }

    static Path prepare(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                create(dir);
                return dir;
            }
            tighten(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the data folder " + dir + " (patchrun.data-dir): " + e.getMessage(), e);
        }
    }

    private static void create(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask may have taken bits away from what was asked; never added any, but set it exactly.
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
            log.warn("The data folder {} is on a file system without POSIX permissions: make sure only the user running Patchrun can read it",
                    dir);
        }
    }

    private static void tighten(Path dir) {
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(dir);
        } catch (UnsupportedOperationException | IOException e) {
            log.warn("Could not read the permissions of the data folder {}: make sure only the user running Patchrun can read it", dir);
            return;
        }
        if (OWNER_ONLY.containsAll(now)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            log.warn("The data folder {} was {}; made it {}: it holds every rolled-over container's configuration, environment included",
                    dir, PosixFilePermissions.toString(now), PosixFilePermissions.toString(OWNER_ONLY));
        } catch (IOException e) {
            log.warn("The data folder {} is {}, readable by others than its owner, and could not be changed ({}): run chmod 700 {}"
                    + " as its owner", dir, PosixFilePermissions.toString(now), e.getMessage(), dir);
        }
    }
}
