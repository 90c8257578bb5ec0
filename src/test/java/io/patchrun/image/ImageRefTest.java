package io.patchrun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageRefTest {

    @ParameterizedTest
    @CsvSource({
            "debian,                              docker.io/library/debian:latest",
            "debian:12,                           docker.io/library/debian:12",
            "library/debian:12,                   docker.io/library/debian:12",
            "docker.io/library/debian:12,         docker.io/library/debian:12",
            "index.docker.io/library/debian,      docker.io/library/debian:latest",
            "eclipse-temurin:21-jre,              docker.io/library/eclipse-temurin:21-jre",
            "demo/web,                            docker.io/demo/web:latest",
            "127.0.0.1:5000/x/base:stable,        127.0.0.1:5000/x/base:stable",
            "localhost/app,                       localhost/app:latest",
            "localhost:5000/app:1,                localhost:5000/app:1",
            "ghcr.io/org/team/app:v1.2,           ghcr.io/org/team/app:v1.2",
    })
    void parse_normalisesLikeDocker(String input, String expected) {
        assertThat(ImageRef.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void parse_recognisesDigestPinnedReference() {
        String digest = "sha256:" + "a".repeat(64);
        ImageRef ref = ImageRef.parse("debian:12@" + digest);

        assertThat(ref.pinned()).isTrue();
        assertThat(ref.tag()).isEqualTo("12");
        assertThat(ref.digest().value()).isEqualTo(digest);
        assertThat(ImageRef.parse("debian@" + digest).tag()).isNull();
        assertThat(ImageRef.parse("debian:12").pinned()).isFalse();
    }

    @Test
    void familiar_dropsDefaultRegistryAndLibrary() {
        assertThat(ImageRef.parse("debian:12").familiar()).isEqualTo("debian:12");
        assertThat(ImageRef.parse("demo/web").familiarName()).isEqualTo("demo/web");
        assertThat(ImageRef.parse("127.0.0.1:5000/x/base:stable").familiarName()).isEqualTo("127.0.0.1:5000/x/base");
    }

    @Test
    void sameName_ignoresTagAndDigest() {
        assertThat(ImageRef.parse("demo/web:1").sameName(ImageRef.parse("docker.io/demo/web:2"))).isTrue();
        assertThat(ImageRef.parse("demo/web").sameName(ImageRef.parse("demo/api"))).isFalse();
    }

    @Test
    void parse_rejectsUppercaseRepositoryWithReason() {
        assertThatThrownBy(() -> ImageRef.parse("demo/Web"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("'demo/Web'".replace("demo/Web", "docker.io/demo/Web"))
                .hasMessageContaining("lowercase");
    }

    @Test
    void parse_rejectsBadDigestAndEmpty() {
        assertThatThrownBy(() -> ImageRef.parse("debian@sha256:xyz")).hasMessageContaining("not a digest");
        assertThatThrownBy(() -> ImageRef.parse(" ")).hasMessageContaining("cannot be empty");
    }

    @Test
    void parse_acceptsANameOf255Characters_andRefusesLongerOnes_asDockerDoes() {
        String longest = "a_".repeat(127) + "a";

        assertThat(ImageRef.parse(longest).repository()).isEqualTo("library/" + longest);
        assertThat(ImageRef.parse("127.0.0.1:5000/" + "a_".repeat(119) + "ab").familiarName()).hasSize(255);
        assertThatThrownBy(() -> ImageRef.parse(longest + "a"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageEndingWith("repository name must not be more than 255 characters, this one has 256");
    }

    @Test
    void parse_refusesAHugeNameOrDigest_withoutRunningOutOfStack() {
        // Java matches the repeated groups of these patterns by recursion: unchecked, a few thousand characters overflow the stack.
        String name = "x/" + "a_".repeat(500_000) + "a";
        String digest = "debian@" + "a.".repeat(500_000) + "a:" + "0".repeat(64);

        assertThatThrownBy(() -> ImageRef.parse(name)).hasMessageContaining("must not be more than 255 characters");
        assertThatThrownBy(() -> ImageRef.parse(digest)).hasMessageContaining("is not a digest");
        assertThat(Digest.isDigest("a.".repeat(500_000) + "a:" + "0".repeat(64))).isFalse();
    }
}
