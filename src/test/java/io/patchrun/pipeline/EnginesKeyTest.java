package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesKeyTest {

    private static final EngineNames CONFIGURED = new EngineNames(List.of("local", "edge-1", "edge-2"), "local");

    @TempDir
    Path dir;

    private PipelineCatalog catalog(String pushTo, String engines) throws IOException {
        Files.writeString(dir.resolve("web.yml"), "name: web\n" + (pushTo == null ? "" : "pushTo: " + pushTo + "\n")
                + "repositories:\n  - url: ../web\n    images:\n      - name: team/web\n        engines: " + engines + "\n");
        PipelineCatalog catalog = new PipelineCatalog(dir, CONFIGURED);
        catalog.reload();
        return catalog;
    }

    private List<String> errors(PipelineCatalog catalog) {
        return catalog.errors().getOrDefault(dir.resolve("web.yml"), List.of()).stream().map(PipelineError::toString).toList();
    }

    @Test
    void engines_areReadInFileOrder_whenEveryOneIsConfigured() throws IOException {
        PipelineCatalog catalog = catalog("127.0.0.1:5000/team", "[edge-2, local]");

        assertThat(errors(catalog)).isEmpty();
        assertThat(catalog.find("web").orElseThrow().images().get(0).engines()).containsExactly("edge-2", "local");
    }

    @Test
    void noEngines_meansTheBuildEngine_andNeedsNoPushTo() throws IOException {
        Files.writeString(dir.resolve("web.yml"), "name: web\nrepositories:\n  - url: ../web\n    images:\n      - name: team/web\n");
        PipelineCatalog catalog = new PipelineCatalog(dir, CONFIGURED);
        catalog.reload();

        assertThat(catalog.find("web").orElseThrow().images().get(0).engines()).isEmpty();
    }

    @Test
    void anUnknownEngine_isAnErrorNamingFileLineFieldAndTheConfiguredEngines() throws IOException {
        PipelineCatalog catalog = catalog("127.0.0.1:5000/team", "[edge-1, edge-9]");

        assertThat(catalog.find("web")).isEmpty();
        assertThat(errors(catalog)).containsExactly(dir.resolve("web.yml") + ":7:27: repositories[0].images[0].engines[1]: no engine is named"
                + " 'edge-9'; the configured engines are local, edge-1, edge-2 (patchrun.engines)");
    }

    @Test
    void anotherEngine_withoutPushTo_isRefused_becauseItCanPullTheBuildFromNowhere() throws IOException {
        PipelineCatalog catalog = catalog(null, "[local, edge-1]");

        assertThat(errors(catalog)).singleElement().asString().contains(":6:26: repositories[0].images[0].engines[1]: image team/web deploys to"
                + " engine edge-1, which pulls what engine local builds from a registry: give the pipeline pushTo");
    }

    @Test
    void aNameGivenTwice_orMisspelt_orAnEmptyList_isAnErrorOfTheFile() throws IOException {
        assertThat(errors(catalog("127.0.0.1:5000/team", "[edge-1, edge-1]"))).singleElement().asString()
                .endsWith("engines[1]: engine edge-1 is given twice");
        assertThat(errors(catalog("127.0.0.1:5000/team", "[Edge_1]"))).singleElement().asString()
                .endsWith("engines[0]: an engine name is lower-case letters, digits and '-' (not first), got 'Edge_1'");
        assertThat(errors(catalog("127.0.0.1:5000/team", "[]"))).singleElement().asString()
                .contains("engines: must name at least one engine");
    }
}
