package io.patchrun.docker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

import io.patchrun.container.ContainerNotFoundException;
import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.VolumeArchives;
import io.patchrun.container.VolumeMount;

/**
 * {@link VolumeArchives} through the engine's archive API ({@code GET} and {@code PUT /containers/{id}/archive}),
 * which mounts a stopped container's volumes for the call, so no helper image is needed.
 *
 * <p>The archive API only adds and replaces; it never deletes. A restore therefore first empties the volume: it
 * extracts, into the folder holding the mount point, a tar whose one entry is a file named like the mount point.
 * The engine replaces an existing folder by a file of that name by deleting the folder with all it holds; the
 * volume's content goes, and the mount point itself cannot go, so the engine answers with an error ("device or
 * resource busy"). That answer is not trusted either way: the volume is listed again, and only when it is empty
 * is the saved tar extracted. This needs the container's root file system to be writable at the mount point's
 * parent, which {@link #whyNotRestorable} checks before any rollover that takes a snapshot.
 */
final class DockerVolumeArchives implements VolumeArchives {

    private final DockerClient docker;

    DockerVolumeArchives(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public List<VolumeMount> namedVolumes(String container) {
        InspectContainerResponse inspected = call("inspecting the volumes of container " + container,
                () -> docker.inspectContainerCmd(container).exec());
        List<VolumeMount> volumes = new ArrayList<>();
        if (inspected.getRawValues().get("Mounts") instanceof List<?> mounts) {
            for (Object entry : mounts) {
                if (entry instanceof Map<?, ?> mount && "volume".equals(mount.get("Type")) && mount.get("Name") instanceof String name
                        && mount.get("Destination") instanceof String destination) {
                    volumes.add(new VolumeMount(name, destination, !Boolean.FALSE.equals(mount.get("RW"))));
                }
            }
        }
        return volumes;
    }

    @Override
    public String whyNotRestorable(String container) {
        InspectContainerResponse inspected = call("inspecting container " + container, () -> docker.inspectContainerCmd(container).exec());
        if (Boolean.TRUE.equals(inspected.getHostConfig().getReadonlyRootfs())) {
            return "its root file system is read-only (--read-only), and the engine can only empty a volume before restoring it"
                    + " by writing at the volume's mount point in that file system";
        }
        return null;
    }

    @Override
    public long save(String container, VolumeMount mount, Path file) {
        String doing = "saving volume " + mount.volume() + " (" + mount.destination() + ") of container " + container + " to " + file;
        return call(doing, () -> {
            try (InputStream tar = docker.copyArchiveFromContainerCmd(container, mount.destination()).exec();
                 OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = tar.transferTo(out);
                out.flush();
                return size;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void restore(String container, VolumeMount mount, Path file) {
        String doing = "restoring volume " + mount.volume() + " (" + mount.destination() + ") of container " + container + " from " + file;
        call(doing, () -> {
            empty(container, mount);
            List<String> left = contentOf(container, mount);
            if (!left.isEmpty()) {
                throw new ContainerOperationException(doing + " failed: the engine did not empty the volume first; still there: "
                        + String.join(", ", left.subList(0, Math.min(5, left.size()))) + (left.size() > 5 ? ", ..." : ""));
            }
            try (InputStream tar = Files.newInputStream(file)) {
                docker.copyArchiveToContainerCmd(container).withRemotePath(parent(mount.destination())).withTarInputStream(tar).exec();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** Asks the engine to replace the mount point by a file, which deletes what the volume holds; see the class comment. */
    private void empty(String container, VolumeMount mount) {
        try {
            docker.copyArchiveToContainerCmd(container).withRemotePath(parent(mount.destination()))
                    .withTarInputStream(new ByteArrayInputStream(fileNamed(baseName(mount.destination())))).exec();
        } catch (DockerException e) {
            if (e instanceof NotFoundException) {
                throw e;
            }
            // Expected: the mount point cannot be replaced. Whether the content went is checked by listing it.
        }
    }

    /** The paths in the volume, below its root, read from a tar streamed by the engine; only headers are kept. */
    private List<String> contentOf(String container, VolumeMount mount) {
        String root = baseName(mount.destination());
        List<String> paths = new ArrayList<>();
        try (InputStream raw = docker.copyArchiveFromContainerCmd(container, mount.destination()).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().replaceAll("/+$", "");
                if (!name.equals(root)) {
                    paths.add(name.startsWith(root + "/") ? name.substring(root.length() + 1) : name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    private static byte[] fileNamed(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(0);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String parent(String destination) {
        String trimmed = destination.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        return slash <= 0 ? "/" : trimmed.substring(0, slash);
    }

    static String baseName(String destination) {
        String trimmed = destination.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static <T> T call(String doing, Supplier<T> work) {
        try {
            return work.get();
        } catch (ContainerOperationException e) {
            throw e;
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(doing + " failed: " + DockerErrors.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new ContainerOperationException(doing + " failed: " + e.getCause().getMessage(), e);
        } catch (RuntimeException e) {
            throw new ContainerOperationException(doing + " failed: " + DockerErrors.reason(e), e);
        }
    }
}
