package io.patchrun.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.image.ImageRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetImageTest {

    private static final Set<ImageRef> WEB = Set.of(ImageRef.parse("demo/web"));

    @Test
    void readable_keepsEachBaseOnce_inDockerfileOrder() {
        FleetImage image = FleetImage.readable("demo/web", WEB,
                List.of(ImageRef.parse("node:22"), ImageRef.parse("nginx:1.27"), ImageRef.parse("docker.io/library/node:22")));

        assertThat(image.bases()).extracting(ImageRef::familiar).containsExactly("node:22", "nginx:1.27");
        assertThat(image.isReadable()).isTrue();
    }

    @Test
    void unreadable_keepsErrorAndHasNoBases() {
        FleetImage image = FleetImage.unreadable("demo/web", WEB, "no Dockerfile at web/Dockerfile");

        assertThat(image.isReadable()).isFalse();
        assertThat(image.bases()).isEmpty();
        assertThat(image.error()).isEqualTo("no Dockerfile at web/Dockerfile");
    }

    @Test
    void new_rejectsUnreadableImageWithBases() {
        assertThatThrownBy(() -> new FleetImage("demo/web", WEB, List.of(ImageRef.parse("debian:12")), "clone failed"))
                .hasMessageContaining("demo/web cannot list bases");
    }

    @Test
    void new_rejectsBlankErrorAndMissingNames() {
        assertThatThrownBy(() -> FleetImage.unreadable("demo/web", WEB, " ")).hasMessageContaining("without saying why");
        assertThatThrownBy(() -> FleetImage.readable("demo/web", Set.of(), List.of())).hasMessageContaining("at least one reference");
        assertThatThrownBy(() -> FleetImage.readable(" ", WEB, List.of())).hasMessageContaining("needs a name");
    }
}
