package io.patchrun.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PackageListsTest {

    /** An engine with images as maps of path to content; a folder's files are those under {@code folder/}. */
    static final class FakeImages implements ImageFiles {
        final Map<String, Map<String, String>> images = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        @Override
        public Map<String, String> read(String imageId, List<String> paths) {
            reads.add(imageId);
            Map<String, String> files = images.get(imageId);
            if (files == null) {
                throw new ImageGoneException("no image " + imageId);
            }
            Map<String, String> found = new HashMap<>();
            files.forEach((path, content) -> {
                if (paths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
                    found.put(path, content);
                }
            });
            return found;
        }
    }

    @Test
    void debianImage_isListedSortedByName_withItsOs_andReadOnce() {
        FakeImages engine = new FakeImages();
        engine.images.put("sha256:deb", Map.of("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
                "/var/lib/dpkg/status", PackageParsersTest.DPKG_STATUS));
        PackageLists lists = new PackageLists(engine);

        PackageList list = lists.of("sha256:deb");

        assertThat(list.os()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(list.packages()).extracting(InstalledPackage::name).containsExactly("base-files", "libc6", "libssl3");
        assertThat(lists.of("sha256:deb")).isEqualTo(list);
        assertThat(engine.reads).containsExactly("sha256:deb");
    }

    @Test
    void distrolessAndAlpineDatabases_areRead_andEtcOsReleaseWins() {
        FakeImages engine = new FakeImages();
        engine.images.put("sha256:dl", Map.of("/etc/os-release", "ID=debian\nVERSION_ID=12\n", "/usr/lib/os-release", "ID=other\n",
                "/var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36\nArchitecture: amd64\nSource: glibc\n",
                "/var/lib/dpkg/status.d/libc6.md5sums", "0123 lib/x\n",
                "/var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a\nArchitecture: all\n"));
        engine.images.put("sha256:alp", Map.of("/lib/apk/db/installed", PackageParsersTest.APK_INSTALLED));

        assertThat(new PackageLists(engine).of("sha256:dl")).isEqualTo(new PackageList("debian 12", List.of(
                new InstalledPackage("libc6", "2.36", "glibc", "amd64"), new InstalledPackage("tzdata", "2024a", "tzdata", "all"))));
        assertThat(new PackageLists(engine).of("sha256:alp").os()).isEqualTo(OsRelease.UNKNOWN);
        assertThat(new PackageLists(engine).of("sha256:alp").packages()).extracting(InstalledPackage::name)
                .containsExactly("libcrypto3", "musl");
    }

    @Test
    void imageWithoutPackageDatabase_hasAnEmptyList_andAGoneImageIsNotKept() {
        FakeImages engine = new FakeImages();
        engine.images.put("sha256:scratch", Map.of("/bin/app", "binary"));
        PackageLists lists = new PackageLists(engine);

        assertThat(lists.of("sha256:scratch")).isEqualTo(new PackageList(OsRelease.UNKNOWN, List.of()));
        assertThatThrownBy(() -> lists.of("sha256:pruned")).isInstanceOf(ImageGoneException.class);
        assertThatThrownBy(() -> lists.of("sha256:pruned")).isInstanceOf(ImageGoneException.class);
        assertThat(engine.reads).containsExactly("sha256:scratch", "sha256:pruned", "sha256:pruned");
    }
}
