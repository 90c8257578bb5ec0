package io.patchrun.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DataFolderTest {

    @TempDir
    Path tmp;

    @Test
    void missingFolder_isMadeReadableByItsOwnerOnly() throws Exception {
        Path data = tmp.resolve("opt/patchrun/data");

        DataFolder.prepare(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void existingFolderOpenToOthers_isTightened_andTheLogSaysSo(CapturedOutput output) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        DataFolder.prepare(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(output.getAll()).contains("The data folder " + data + " was rwxr-xr-x; made it rwx------");
    }

    @Test
    void existingOwnerOnlyFolder_isLeftAsItIs(CapturedOutput output) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));

        DataFolder.prepare(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(output.getAll()).doesNotContain("data folder");
    }
}
