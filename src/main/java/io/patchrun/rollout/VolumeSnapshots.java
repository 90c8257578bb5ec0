package io.patchrun.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.VolumeArchives;
import io.patchrun.container.VolumeMount;

/**
 * Snapshots of the named volumes of containers that ask for them ({@code rollout.snapshotVolumes: true}, or the
 * label {@value #LABEL}{@code =true}): taken once the old container has stopped and before the new one starts,
 * restored before the old one starts again after a rollback.
 *
 * <p>A snapshot is a folder {@code <folder>/<image>/<version>/<container>/} holding one tar per writable named
 * volume ({@code <volume>.tar}) and, written last, a file {@value #COMPLETE} with the rollover attempt that took it:
 * a folder without it is not a snapshot. {@code <image>} is the image's name with {@code /} written as {@code --},
 * {@code <version>} the old image's id without its {@code sha256:}
 * prefix (a version tag can be moved; the id cannot). Folders are the owner's only ({@code 0700}, files
 * {@code 0600}) where the file system supports it.
 */
public final class VolumeSnapshots {

    /** The container label that asks for a snapshot, as {@code rollout.snapshotVolumes: true} does for an image. */
    public static final String LABEL = "io.patchrun.snapshot";
    static final String COMPLETE = "complete";

    private final VolumeArchives archives;
    private final Path folder;
    private final Clock clock;

    public VolumeSnapshots(VolumeArchives archives, Path folder, Clock clock) {
        this.archives = Objects.requireNonNull(archives, "archives");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the container's volumes are to be saved: its image's rollout says so, or its label does. */
    static boolean wanted(ContainerDetails container, RolloutPolicy policy) {
        return policy.snapshotVolumes() || "true".equalsIgnoreCase(container.label(LABEL));
    }

    /** Why the container's volumes could not be saved and given back, or empty when they can; checked before anything changes. */
    Optional<String> refusal(ContainerDetails container) {
        String why = archives.whyNotRestorable(container.id());
        return why == null ? Optional.empty() : Optional.of("not rolled over: it asks for a snapshot of its volumes, which could not be"
                + " restored after a rollback: " + why);
    }

    /** The folder of the snapshot of {@code container} on the image {@code imageId} of {@code image}'s name. */
    public Path folderOf(String image, String imageId, String container) {
        return folder.resolve(image.replace("/", "--")).resolve(version(imageId)).resolve(container);
    }

    /**
     * Saves every writable named volume of the stopped container, replacing an earlier snapshot of the same version;
     * read-only ones cannot have changed. Streams each tar to a file beside its final name and moves it there.
     *
     * @param stopped the stopped container holding the volumes: the old one, or its stopped copy
     */
    Taken take(String stopped, String containerName, String imageId, String imageName, String attempt) {
        Instant start = clock.instant();
        Path into = folderOf(imageName, imageId, containerName);
        List<VolumeMount> saved = new ArrayList<>();
        long size = 0;
        try {
            createPrivate(into);
            Files.deleteIfExists(into.resolve(COMPLETE));
            for (VolumeMount mount : archives.namedVolumes(stopped)) {
                if (!mount.writable()) {
                    continue;
                }
                Path part = into.resolve(mount.volume() + ".tar.part");
                Files.deleteIfExists(part);
                size += archives.save(stopped, mount, part);
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                Files.move(part, tarOf(into, mount), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                saved.add(mount);
            }
            Files.writeString(into.resolve(COMPLETE), attempt + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("saving the volumes of container " + containerName + " to " + into + " failed: " + e.getMessage(), e);
        }
        return new Taken(into, saved, size, Duration.between(start, clock.instant()));
    }

    /** Gives each volume of the snapshot back to the stopped container {@code container} (the old one, or its stopped copy). */
    Duration restore(String container, Taken snapshot) {
        Instant start = clock.instant();
        for (VolumeMount mount : snapshot.volumes()) {
            archives.restore(container, mount, tarOf(snapshot.folder(), mount));
        }
        return Duration.between(start, clock.instant());
    }

    /**
     * The snapshot the rollover {@code attempt} of {@code container} on the image {@code imageId} finished taking, if it did;
     * its volumes as the container {@code stopped} mounts them.
     */
    Optional<Taken> takenBy(String attempt, String container, String imageId, String stopped) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> images = Files.list(folder)) {
            for (Path image : images.sorted().toList()) {
                Path into = image.resolve(version(imageId)).resolve(container);
                Path complete = into.resolve(COMPLETE);
                if (Files.isRegularFile(complete) && Files.readString(complete).strip().equals(attempt)) {
                    List<VolumeMount> volumes = archives.namedVolumes(stopped).stream().filter(VolumeMount::writable)
                            .filter(mount -> Files.isRegularFile(tarOf(into, mount))).toList();
                    long size = 0;
                    for (VolumeMount mount : volumes) {
                        size += Files.size(tarOf(into, mount));
                    }
                    return Optional.of(new Taken(into, volumes, size, Duration.ZERO));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the snapshots in " + folder + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The snapshot kept with the version {@code imageId} of {@code image} for {@code container}, if one was finished: the
     * volume tars in its folder, by volume name.
     */
    public Optional<Map<String, Path>> keptFor(String image, String imageId, String container) {
        Path into = folderOf(image, imageId, container);
        if (!Files.isRegularFile(into.resolve(COMPLETE))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(into)) {
            Map<String, Path> tars = new TreeMap<>();
            files.filter(file -> file.getFileName().toString().endsWith(".tar"))
                    .forEach(file -> tars.put(file.getFileName().toString().replaceFirst("\\.tar$", ""), file));
            return Optional.of(tars);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the snapshot in " + into + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Gives the volumes of the stopped container {@code container} the snapshot {@link #keptFor} found; a volume the
     * container mounts writable that the snapshot lacks is refused, before any is changed.
     */
    void restoreKept(String container, Map<String, Path> tars) {
        List<VolumeMount> mounts = archives.namedVolumes(container).stream().filter(VolumeMount::writable).toList();
        List<String> missing = mounts.stream().map(VolumeMount::volume).filter(volume -> !tars.containsKey(volume)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the snapshot has no copy of volume(s) " + missing + "; nothing was restored");
        }
        for (VolumeMount mount : mounts) {
            archives.restore(container, mount, tars.get(mount.volume()));
        }
    }

    /** The total size in bytes of the snapshots kept for a version, or empty when it has none. */
    public Optional<Long> sizeOf(String image, String imageId) {
        Path version = folder.resolve(image.replace("/", "--")).resolve(version(imageId));
        if (!Files.isDirectory(version)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(version)) {
            List<Path> tars = files.filter(file -> file.getFileName().toString().endsWith(".tar")).toList();
            long size = 0;
            for (Path tar : tars) {
                size += Files.size(tar);
            }
            return tars.isEmpty() ? Optional.empty() : Optional.of(size);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the snapshots in " + version + " failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the snapshots of a version that is pruned. */
    public void prune(String image, String imageId) {
        Path version = folder.resolve(image.replace("/", "--")).resolve(version(imageId));
        if (!Files.exists(version)) {
            return;
        }
        try (Stream<Path> files = Files.walk(version)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the snapshots in " + version + " failed: " + e.getMessage(), e);
        }
    }

    private static Path tarOf(Path into, VolumeMount mount) {
        return into.resolve(mount.volume() + ".tar");
    }

    private static String version(String imageId) {
        return imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
    }

    private static void createPrivate(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path at = dir.toAbsolutePath(); at != null && !Files.exists(at); at = at.getParent()) {
            missing.add(0, at);
        }
        for (Path at : missing) {
            try {
                Files.createDirectory(at, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // Made meanwhile by another rollover.
            }
        }
    }

    /**
     * A snapshot taken.
     *
     * @param folder   where its tars are
     * @param volumes  the volumes it holds
     * @param size     their tars' size in bytes
     * @param duration how long taking it added to the outage
     */
    record Taken(Path folder, List<VolumeMount> volumes, long size, Duration duration) {

        Taken {
            volumes = List.copyOf(volumes);
        }
    }
}
