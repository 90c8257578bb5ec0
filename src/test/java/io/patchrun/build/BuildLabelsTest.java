package io.patchrun.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

class BuildLabelsTest {

    private static final Digest DIGEST = Digest.of("sha256:" + "ab".repeat(32));

    @Test
    void toMap_givesOciAndPatchrunLabels_inStableOrder() {
        BuildLabels labels = new BuildLabels("https://git.example/web.git", "9f1c2e", Instant.parse("2026-11-23T13:45:01.250Z"),
                ImageRef.parse("127.0.0.1:5000/demo/base:stable"), DIGEST, "demo", "run-7");

        assertThat(labels.toMap()).containsExactly(
                entry(BuildLabels.SOURCE, "https://git.example/web.git"),
                entry(BuildLabels.REVISION, "9f1c2e"),
                entry(BuildLabels.CREATED, "2026-11-23T13:45:01Z"),
                entry(BuildLabels.BASE_NAME, "127.0.0.1:5000/demo/base:stable"),
                entry(BuildLabels.BASE_DIGEST, DIGEST.value()),
                entry(BuildLabels.PIPELINE, "demo"),
                entry(BuildLabels.RUN, "run-7"));
    }

    @Test
    void source_neverCarriesTheUserNameAndPasswordOfItsUrl() {
        BuildLabels labels = new BuildLabels("https://bot:t0k@n-with-@@git.example/team/web.git", "9f1c2e", Instant.EPOCH,
                ImageRef.parse("busybox"), null, "demo", "1");

        assertThat(labels.toMap()).containsEntry(BuildLabels.SOURCE, "https://git.example/team/web.git");
        assertThat(labels.toMap().toString()).doesNotContain("bot").doesNotContain("t0k");
    }

    @Test
    void toMap_leavesOutBaseDigest_whenUnknown() {
        BuildLabels labels = new BuildLabels("../repos/api", "abc", Instant.EPOCH, ImageRef.parse("demo/platform:latest"), null, "demo", "1");

        assertThat(labels.toMap()).doesNotContainKey(BuildLabels.BASE_DIGEST)
                .containsEntry(BuildLabels.BASE_NAME, "docker.io/demo/platform:latest");
    }

    @Test
    void constructor_rejectsMissingRevision() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BuildLabels("src", " ", Instant.EPOCH, ImageRef.parse("busybox"), null, "demo", "1"))
                .withMessage("build labels need the revision");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
