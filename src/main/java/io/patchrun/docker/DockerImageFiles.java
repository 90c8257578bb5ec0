package io.patchrun.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import io.patchrun.packages.ImageFiles;
import io.patchrun.packages.ImageFilesException;
import io.patchrun.packages.ImageGoneException;

/**
 * {@link ImageFiles} as {@code docker cp} does it: a container is created from the image and never started, the files
 * are copied out through the engine's archive API ({@code GET /containers/{id}/archive}), and the container is removed,
 * also when reading failed. Nothing of the image runs. A symbolic link ({@code /etc/os-release} is one on Debian) is
 * followed inside the image's file system.
 */
final class DockerImageFiles implements ImageFiles {

    /** Package databases are a few MB; anything far larger is not one, and is not read into memory. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;
    private static final int MAX_LINKS = 8;

    private final DockerClient docker;

    DockerImageFiles(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public Map<String, String> read(String imageId, List<String> paths) {
        String container = create(imageId);
        Map<String, String> files = new LinkedHashMap<>();
        RuntimeException failure = null;
        try {
            for (String path : paths) {
                copy(container, imageId, path, files);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            failure = remove(container, imageId, failure);
        }
        if (failure != null) {
            throw failure;
        }
        return files;
    }

    private String create(String imageId) {
        try {
            // A command is needed to create a container from an image that has none; it never runs.
            return docker.createContainerCmd(imageId).withCmd("/patchrun-reads-files-never-starts").withNetworkDisabled(true)
                    .withLabels(Map.of("io.patchrun.reading", "packages")).exec().getId();
        } catch (NotFoundException e) {
            throw new ImageGoneException("the engine has no image " + imageId + " (any more): " + DockerErrors.reason(e));
        } catch (RuntimeException e) {
            throw new ImageFilesException("creating a container (never started) from image " + imageId + " to read its files failed: "
                    + DockerErrors.reason(e), e);
        }
    }

    private void copy(String container, String imageId, String path, Map<String, String> files) {
        String wanted = path;
        for (int hop = 0; hop <= MAX_LINKS; hop++) {
            String link = copyOnce(container, imageId, path, wanted, files);
            if (link == null) {
                return;
            }
            wanted = Path.of(wanted).resolveSibling(link).normalize().toString();
        }
        throw new ImageFilesException("reading " + path + " of image " + imageId + " failed: more than " + MAX_LINKS
                + " symbolic links in a row", null);
    }

    /** Copies {@code wanted} out, filed under {@code path}; returns the target when {@code wanted} is a symbolic link. */
    private String copyOnce(String container, String imageId, String path, String wanted, Map<String, String> files) {
        try (InputStream raw = docker.copyArchiveFromContainerCmd(container, wanted).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String[] parts = entry.getName().split("/");
                if (parts.length == 1 && entry.isSymbolicLink()) {
                    return entry.getLinkName();
                }
                if (entry.isFile() && parts.length <= 2) {
                    files.put(parts.length == 1 ? path : path + "/" + parts[1], text(tar, entry, imageId));
                }
            }
            return null;
        } catch (NotFoundException e) {
            return null;
        } catch (ImageFilesException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageFilesException("reading " + wanted + " of image " + imageId + " failed: " + DockerErrors.reason(e), e);
        }
    }

    private static String text(TarArchiveInputStream tar, TarArchiveEntry entry, String imageId) throws IOException {
        if (entry.getSize() > MAX_FILE_BYTES) {
            throw new ImageFilesException(entry.getName() + " of image " + imageId + " has " + entry.getSize()
                    + " bytes, more than a package database's " + MAX_FILE_BYTES + "; it was not read", null);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) entry.getSize());
        tar.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private RuntimeException remove(String container, String imageId, RuntimeException failure) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
            return failure;
        } catch (NotFoundException e) {
            return failure;
        } catch (RuntimeException e) {
            ImageFilesException removal = new ImageFilesException("removing container " + container + ", made from image " + imageId
                    + " to read its files, failed: " + DockerErrors.reason(e) + "; remove it with docker rm", e);
            if (failure != null) {
                failure.addSuppressed(removal);
                return failure;
            }
            return removal;
        }
    }
}
