package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckoutTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path temp;

    private Checkout checkout;

    @BeforeEach
    void createTree() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("tree"));
        Files.createDirectories(dir.resolve("docker/web"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("docker/web/Dockerfile"), "FROM debian:12\n");
        Files.writeString(dir.resolve(".git/config"), "[core]\n");
        Files.writeString(temp.resolve("secret.txt"), "outside");
        checkout = new Checkout(dir, COMMIT, "main");
    }

    @Test
    void read_returnsTheFilesText_forPathsInsideTheCheckout() {
        assertThat(checkout.read("docker/web/Dockerfile")).contains("FROM debian:12\n");
        assertThat(checkout.read("./docker/../docker/web/Dockerfile")).contains("FROM debian:12\n");
    }

    @Test
    void read_returnsEmpty_forMissingFilesAndFolders() {
        assertThat(checkout.read("Dockerfile")).isEmpty();
        assertThat(checkout.read("docker/web")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "docker/../../secret.txt", "/etc/passwd", ".", ".git/config", "./.git"})
    void read_refusesPaths_thatLeaveTheCheckedOutFiles(String path) {
        assertThatThrownBy(() -> checkout.read(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing to read '" + path + "' from checkout " + checkout.dir() + ": ");
    }

    @Test
    void read_refusesSymbolicLinks_thatPointOutside() throws IOException {
        Files.createSymbolicLink(checkout.dir().resolve("Dockerfile"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(checkout.dir().resolve("inside"), checkout.dir().resolve("docker/web/Dockerfile"));

        assertThatThrownBy(() -> checkout.read("Dockerfile"))
                .hasMessageContaining("a symbolic link on it points outside");
        assertThat(checkout.read("inside")).contains("FROM debian:12\n");
    }

    @Test
    void read_readsAFileOfExactlyTheLimit_andRefusesOneByteMore_withTheLineTheLimitFallsOn() throws IOException {
        String line = "RUN echo " + "x".repeat(54) + "\n";
        String limit = "FROM a\n" + line.repeat((Checkout.MAX_READ - 7) / 64) + "#".repeat((Checkout.MAX_READ - 7) % 64);
        Files.writeString(checkout.dir().resolve("Dockerfile"), limit);
        Files.writeString(checkout.dir().resolve("Larger"), limit + "x");

        assertThat(checkout.read("Dockerfile")).hasValueSatisfying(text -> assertThat(text).hasSize(Checkout.MAX_READ));
        assertThatThrownBy(() -> checkout.read("Larger"))
                .isInstanceOfSatisfying(FileTooLargeException.class, e -> {
                    assertThat(e.path()).isEqualTo("Larger");
                    assertThat(e.limit()).isEqualTo(Checkout.MAX_READ);
                    assertThat(e.line()).isEqualTo(2 + (Checkout.MAX_READ - 7) / 64);
                })
                .hasMessage("Larger is larger than 1,048,576 bytes, the most read of it; the limit falls on line 16385");
    }

    @Test
    void read_ofAFileLargerThanAnArrayCanHold_readsOnlyUpToTheLimit() throws IOException {
        try (FileChannel channel = FileChannel.open(checkout.dir().resolve("huge"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}), 4L * 1024 * 1024 * 1024);
        }

        // Read whole, 4 GiB would not even fit in an array: an OutOfMemoryError, not this exception.
        assertThatThrownBy(() -> checkout.read("huge"))
                .isInstanceOfSatisfying(FileTooLargeException.class, e -> assertThat(e.line()).isEqualTo(1));
    }

    @Test
    void checkout_refusesAnAbbreviatedCommitId() {
        assertThatThrownBy(() -> new Checkout(temp, "0123456", "main"))
                .hasMessage("not a full commit id: '0123456'");
    }
}
