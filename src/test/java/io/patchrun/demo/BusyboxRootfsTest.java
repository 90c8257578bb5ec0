package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxRootfsTest {

    @TempDir
    Path tmp;

    @Test
    void context_holdsBusyboxItsAppletLinksAndTheExtraFiles_builtFromScratch() throws IOException {
        Path busybox = Files.writeString(tmp.resolve("busybox"), "not really busybox");

        Map<String, TarArchiveEntry> entries = new HashMap<>();
        Map<String, String> contents = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(
                BusyboxRootfs.context(busybox, Map.of("etc/demo-base-release", "2 (published now)\n"))))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), entry);
                contents.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        assertThat(contents.get("Dockerfile")).startsWith("FROM scratch\n");
        assertThat(contents.get("rootfs/bin/busybox")).isEqualTo("not really busybox");
        assertThat(entries.get("rootfs/bin/busybox").getMode() & 0777).isEqualTo(0755);
        for (String applet : BusyboxRootfs.APPLETS) {
            assertThat(entries.get("rootfs/bin/" + applet)).as(applet).satisfies(link -> {
                assertThat(link.isSymbolicLink()).isTrue();
                assertThat(link.getLinkName()).isEqualTo("busybox");
            });
        }
        assertThat(BusyboxRootfs.APPLETS).contains("sh", "httpd", "wget", "sed", "date", "chmod");
        assertThat(contents.get("rootfs/etc/demo-base-release")).isEqualTo("2 (published now)\n");
        assertThat(entries.get("rootfs/tmp/").getMode() & 07777).isEqualTo(01777);
    }
}
