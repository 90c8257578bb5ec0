package io.patchrun.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchrun.image.InvalidReferenceException;

class BuildRequestTest {

    private static final Path CHECKOUT = Path.of("/work/checkout");

    @Test
    void contextPath_isDockerfilesFolder_whenNoContextGiven() {
        BuildRequest request = new BuildRequest("demo/web", CHECKOUT, "web/Dockerfile", Map.of(), false, List.of(), Map.of());

        assertThat(request.dockerfilePath()).isEqualTo(Path.of("/work/checkout/web/Dockerfile"));
        assertThat(request.contextPath()).isEqualTo(Path.of("/work/checkout/web"));
    }

    @Test
    void contextPath_isGivenFolder_whenContextGiven() {
        BuildRequest request = new BuildRequest("demo/web", CHECKOUT, "docker/web/Dockerfile", null, false, null, null, ".", null);

        assertThat(request.contextPath()).isEqualTo(CHECKOUT);
        assertThat(request.buildArgs()).isEmpty();
        assertThat(request.tags()).isEmpty();
    }

    @Test
    void constructor_rejectsDockerfileOutsideContext() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BuildRequest("demo/web", CHECKOUT, "Dockerfile", Map.of(), false, List.of(), Map.of(), "web", List.of()))
                .withMessage("the Dockerfile Dockerfile of demo/web is outside its build context web");
    }

    @Test
    void constructor_rejectsPathsLeavingTheRepository() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BuildRequest("demo/web", CHECKOUT, "../Dockerfile", Map.of(), false, List.of(), Map.of()))
                .withMessage("the Dockerfile of demo/web must be a path inside the repository, not ../Dockerfile");
    }

    @Test
    void constructor_rejectsInvalidTag() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BuildRequest("demo/web", CHECKOUT, "Dockerfile", Map.of(), false, List.of("Demo/Web:1"), Map.of()))
                .isInstanceOf(InvalidReferenceException.class);
    }
}
