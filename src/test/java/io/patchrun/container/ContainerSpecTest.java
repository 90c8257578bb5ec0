package io.patchrun.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSpecTest {

    private static final String OLD_ID = "3215b7adc529aa3920469595142005535f344e6547978c5ee3d060d4a8728a74";
    private static final HealthcheckConfig IMAGE_CHECK = new HealthcheckConfig(List.of("CMD-SHELL", "wget -q -O- localhost:8080"),
            Duration.ofSeconds(5), null, null, 3);
    private static final ImageConfig OLD_IMAGE = new ImageConfig(List.of("PATH=/bin", "A=1", "B=2"), Map.of("org.example.version", "1"),
            Set.of("8080/tcp"), Set.of("/data"), null, List.of("httpd", "-f", "-p", "8080"), IMAGE_CHECK, "/www", "www", "SIGUSR1");

    @Test
    void forNewImage_dropsEveryValueTheOldImageSet() {
        ContainerSpec inspected = spec(OLD_IMAGE);

        ContainerSpec next = inspected.forNewImage("demo/web:2", OLD_IMAGE, OLD_ID);

        assertThat(next.image()).isEqualTo("demo/web:2");
        assertThat(next.config()).isEqualTo(ImageConfig.empty());
    }

    @Test
    void forNewImage_keepsValuesSetForTheContainer() {
        ImageConfig inspected = new ImageConfig(List.of("C=4", "B=3", "PATH=/bin", "A=1"),
                Map.of("org.example.version", "1", "team", "web", "io.patchrun.test", "t1"), Set.of("8080/tcp", "9090/tcp"),
                Set.of("/data", "/cache"), null, List.of("sh", "-c", "httpd -f -p 8080 -h /www"),
                IMAGE_CHECK, "/srv", "root", "SIGTERM");

        ImageConfig kept = spec(inspected).forNewImage("demo/web:2", OLD_IMAGE, OLD_ID).config();

        assertThat(kept).isEqualTo(new ImageConfig(List.of("C=4", "B=3"), Map.of("team", "web", "io.patchrun.test", "t1"),
                Set.of("9090/tcp"), Set.of("/cache"), null, List.of("sh", "-c", "httpd -f -p 8080 -h /www"), null, "/srv", "root", "SIGTERM"));
    }

    @Test
    void forNewImage_keepsLabelWhoseValueDiffersFromTheImages() {
        ImageConfig inspected = withLabels(OLD_IMAGE, Map.of("org.example.version", "custom"));

        assertThat(spec(inspected).forNewImage("demo/web:2", OLD_IMAGE, OLD_ID).config().labels())
                .isEqualTo(Map.of("org.example.version", "custom"));
    }

    @Test
    void forNewImage_keepsImagesCmd_whenContainerSetItsOwnEntrypoint() {
        ImageConfig inspected = withEntrypoint(OLD_IMAGE, List.of("/bin/tini", "--"));

        ImageConfig kept = spec(inspected).forNewImage("demo/web:2", OLD_IMAGE, OLD_ID).config();

        assertThat(kept.entrypoint()).containsExactly("/bin/tini", "--");
        assertThat(kept.cmd()).containsExactly("httpd", "-f", "-p", "8080");
    }

    @Test
    void forNewImage_keepsOnlyHealthCheckFieldsSetForTheContainer() {
        HealthcheckConfig tuned = new HealthcheckConfig(IMAGE_CHECK.test(), Duration.ofSeconds(1), null, null, 3);
        ImageConfig inspected = withHealthCheck(OLD_IMAGE, tuned);

        assertThat(spec(inspected).forNewImage("demo/web:2", OLD_IMAGE, OLD_ID).config().healthCheck())
                .isEqualTo(new HealthcheckConfig(null, Duration.ofSeconds(1), null, null, null));
    }

    @Test
    void forNewImage_dropsHostnameAndAliasTheEngineDerivedFromTheOldId() {
        ContainerSpec inspected = new ContainerSpec("demo/web:1", OLD_IMAGE, "3215b7adc529", "front", List.of(),
                List.of(new NetworkAttachment("front", List.of("web", "3215b7adc529"), List.of(), "172.30.0.9", null)), "{}");

        ContainerSpec next = inspected.forNewImage("demo/web:2", OLD_IMAGE, OLD_ID);

        assertThat(next.hostname()).isNull();
        assertThat(next.networks()).containsExactly(new NetworkAttachment("front", List.of("web"), List.of(), "172.30.0.9", null));
    }

    @Test
    void forNewImage_keepsHostnameSetForTheContainer() {
        ContainerSpec inspected = new ContainerSpec("demo/web:1", OLD_IMAGE, "web-1", "bridge", List.of(), List.of(), "{}");

        assertThat(inspected.forNewImage("demo/web:2", OLD_IMAGE, OLD_ID).hostname()).isEqualTo("web-1");
    }

    @Test
    void withReferencesTo_pointsLinksAndSharedNetworkStackAtReplacements() {
        ContainerSpec sidecar = new ContainerSpec("demo/proxy:1", ImageConfig.empty(), null, "container:db", List.of(new Link("cache", "redis")),
                List.of(new NetworkAttachment("back", List.of(), List.of(new Link("db", "database")), null, null)), "{}");

        ContainerSpec moved = sidecar.withReferencesTo(Map.of("db", "newdb", "cache", "newcache"));

        assertThat(moved.networkMode()).isEqualTo("container:newdb");
        assertThat(moved.links()).containsExactly(new Link("newcache", "redis"));
        assertThat(moved.networks().get(0).links()).containsExactly(new Link("newdb", "database"));
    }

    @Test
    void wiredTo_listsLinksAndTheContainerWhoseNetworkStackItShares() {
        ContainerSpec sidecar = new ContainerSpec("demo/proxy:1", ImageConfig.empty(), null, "container:db", List.of(new Link("cache", "redis")),
                List.of(new NetworkAttachment("back", List.of(), List.of(new Link("queue", "q")), null, null)), "{}");

        assertThat(sidecar.wiredTo()).containsExactly("cache", "queue", "db");
    }

    static ContainerSpec spec(ImageConfig config) {
        return new ContainerSpec("demo/web:1", config, null, "bridge", List.of(), List.of(), "{}");
    }

    private static ImageConfig withLabels(ImageConfig c, Map<String, String> labels) {
        return new ImageConfig(c.env(), labels, c.exposedPorts(), c.volumes(), c.entrypoint(), c.cmd(), c.healthCheck(), c.workingDir(), c.user(), c.stopSignal());
    }

    private static ImageConfig withEntrypoint(ImageConfig c, List<String> entrypoint) {
        return new ImageConfig(c.env(), c.labels(), c.exposedPorts(), c.volumes(), entrypoint, c.cmd(), c.healthCheck(), c.workingDir(), c.user(), c.stopSignal());
    }

    private static ImageConfig withHealthCheck(ImageConfig c, HealthcheckConfig check) {
        return new ImageConfig(c.env(), c.labels(), c.exposedPorts(), c.volumes(), c.entrypoint(), c.cmd(), check, c.workingDir(), c.user(), c.stopSignal());
    }
}
