package io.patchrun.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.ImageConfig;
import io.patchrun.history.ImageVersion;
import io.patchrun.pipeline.Pipeline;

/** Values the web slice tests stub their services with: a two-image pipeline, versions and containers. */
final class Fixtures {

    static final String BASE = "debian:12";
    static final String OLD_DIGEST = "sha256:" + "1".repeat(64);
    static final String NEW_DIGEST = "sha256:" + "2".repeat(64);
    static final String V1 = "20261122-030000-1";
    static final String V2 = "20261123-030000-2";
    static final String V1_ID = "sha256:" + "a".repeat(64);
    static final String V2_ID = "sha256:" + "b".repeat(64);

    private Fixtures() {
    }

    /** Pipeline {@code demo}: {@code demo/web} with an HTTP smoke test, {@code demo/api} without one. */
    static Pipeline demo() {
        return Pipeline.parse(Path.of("pipelines/demo.yml"), """
                name: demo
                schedule: "0 0 3 * * ?"
                watchEvery: PT15M
                repositories:
                  - url: https://git.example.com/demo.git
                    images:
                      - name: demo/web
                        dockerfile: web/Dockerfile
                        smoke:
                          http: { port: 8080, path: /, status: 200 }
                      - name: demo/api
                        dockerfile: api/Dockerfile
                """);
    }

    /** {@code demo/web} built twice: V1 on the old base digest, V2 (current) on the new one. */
    static List<ImageVersion> webVersions() {
        return List.of(
                new ImageVersion("demo/web", V2, V2_ID, NEW_DIGEST, "c".repeat(40), Instant.parse("2026-11-23T03:00:00Z"), 2L, true, false),
                new ImageVersion("demo/web", V1, V1_ID, OLD_DIGEST, "d".repeat(40), Instant.parse("2026-11-22T03:00:00Z"), 1L, false, false));
    }

    static ContainerDetails container(String name, String imageId, ContainerState.Health health) {
        return new ContainerDetails("f".repeat(64), name, imageId,
                new ContainerSpec("demo/web:latest", ImageConfig.empty(), null, "bridge", List.of(), List.of(), "{}"),
                new ContainerState(ContainerState.Status.RUNNING, health, null, 0, Instant.parse("2026-11-23T03:01:00Z"), null, null),
                List.of());
    }
}
