package io.patchrun.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context for a tiny base image {@code FROM scratch}: the host's static busybox, a symbolic link
 * for each applet the demo uses, the few files in {@code /etc} that tools expect, and any extra files.
 * Nothing is pulled, so it works on a machine without internet.
 */
final class BusyboxRootfs {

    /** Where Debian's busybox-static puts it; config/engine.sh installs that package. */
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final List<String> APPLETS = List.of("sh", "ash", "httpd", "wget", "echo", "cat", "mkdir", "sleep", "test", "[",
            "ls", "cp", "mv", "rm", "true", "false", "env", "id", "touch", "grep", "sed", "printf", "kill", "ps", "date",
            "tail", "head", "chmod", "ln", "pwd", "uname", "hostname", "expr", "wc", "tr", "sort", "cut", "nc", "vi");
    static final String DOCKERFILE = "FROM scratch\nCOPY rootfs/ /\nCMD [\"sh\"]\n";

    private BusyboxRootfs() {
    }

    /**
     * The context as a tar archive.
     *
     * @param busybox a statically linked busybox
     * @param files   more files of the image, by path without the leading slash ({@code etc/demo-base-release})
     * @throws UncheckedIOException when busybox cannot be read
     */
    static byte[] context(Path busybox, Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "Dockerfile", DOCKERFILE.getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "rootfs/bin/busybox", Files.readAllBytes(busybox), 0755);
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("rootfs/bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            file(tar, "rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "rootfs/etc/group", "root:x:0:\nnogroup:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644);
            TarArchiveEntry tmp = new TarArchiveEntry("rootfs/tmp/");
            tmp.setMode(01777);
            tar.putArchiveEntry(tmp);
            tar.closeArchiveEntry();
            for (Map.Entry<String, String> extra : files.entrySet()) {
                file(tar, "rootfs/" + extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8), 0644);
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack a base image context with " + busybox + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
