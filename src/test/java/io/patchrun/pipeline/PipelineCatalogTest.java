package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCatalogTest {

    @TempDir
    Path dir;

    private static String pipeline(String name, String... images) {
        StringBuilder yaml = new StringBuilder("name: " + name + "\nrepositories:\n  - url: ../" + name + "\n    images:\n");
        for (String image : images) {
            yaml.append("      - name: ").append(image).append('\n');
        }
        return yaml.toString();
    }

    private Path write(String file, String yaml) throws IOException {
        return Files.writeString(dir.resolve(file), yaml);
    }

    @Test
    void reload_loadsGoodFiles_andReportsTheBrokenOneSeparately() throws IOException {
        write("web.yml", pipeline("web", "demo/web"));
        Path broken = write("broken.yml", pipeline("broken", "demo/broken").replace("name: broken", "name: Broken"));
        write("api.yaml", pipeline("api", "demo/api"));

        PipelineCatalog catalog = new PipelineCatalog(dir);

        CatalogChange change = catalog.reload();

        assertThat(change.added()).containsExactly("api", "web");
        assertThat(catalog.pipelines()).extracting(Pipeline::name).containsExactly("api", "web");
        assertThat(catalog.errors()).containsOnlyKeys(broken);
        assertThat(catalog.errors().get(broken)).singleElement().hasToString(broken + ":1:7: name: must match "
                + "[a-z0-9-]+ (lowercase letters, digits, dashes), got 'Broken'");
    }

    @Test
    void pipelines_areSortedByName_notByFile() throws IOException {
        write("a.yml", pipeline("zeta", "demo/zeta"));
        write("b.yml", pipeline("alpha", "demo/alpha"));
        write("c.yml", pipeline("mid", "demo/mid"));
        PipelineCatalog catalog = new PipelineCatalog(dir);

        catalog.reload();

        assertThat(catalog.pipelines()).extracting(Pipeline::name).containsExactly("alpha", "mid", "zeta");
        assertThat(catalog.find("mid")).map(Pipeline::file).contains(dir.resolve("c.yml"));
        assertThat(catalog.find("missing")).isEmpty();
    }

    @Test
    void reload_ignoresOtherFiles_folders_andHiddenFiles() throws IOException {
        write("web.yml", pipeline("web", "demo/web"));
        write("notes.txt", "not a pipeline");
        write(".#web.yml", "editor lock file");
        Files.createDirectory(dir.resolve("old.yml"));
        PipelineCatalog catalog = new PipelineCatalog(dir);

        catalog.reload();

        assertThat(catalog.pipelines()).extracting(Pipeline::name).containsExactly("web");
        assertThat(catalog.errors()).isEmpty();
    }

    @Test
    void reload_refusesTheLaterFile_whenTwoFilesUseOneName() throws IOException {
        write("a.yml", pipeline("web", "demo/web"));
        Path second = write("b.yml", pipeline("web", "demo/other"));
        PipelineCatalog catalog = new PipelineCatalog(dir);

        catalog.reload();

        assertThat(catalog.find("web")).map(Pipeline::file).contains(dir.resolve("a.yml"));
        assertThat(catalog.errors().get(second)).singleElement().hasToString(second + ":1:7: name: pipeline name "
                + "'web' is already used by " + dir.resolve("a.yml") + "; names must be unique in the folder");
    }

    @Test
    void reload_refusesTheLaterFile_whenAnImageIsInTwoPipelines() throws IOException {
        write("a.yml", pipeline("web", "demo/web"));
        Path second = write("b.yml", pipeline("other", "demo/api", "docker.io/demo/web"));
        PipelineCatalog catalog = new PipelineCatalog(dir);

        catalog.reload();

        assertThat(catalog.pipelines()).extracting(Pipeline::name).containsExactly("web");
        assertThat(catalog.errors().get(second)).singleElement().hasToString(second
                + ":6:15: repositories[0].images[1].name: image docker.io/demo/web already belongs to pipeline 'web' ("
                + dir.resolve("a.yml") + "); a container can only belong to one pipeline");
    }

    @Test
    void reload_acceptsTheLaterFile_onceTheClashIsGone() throws IOException {
        Path first = write("a.yml", pipeline("web", "demo/web"));
        write("b.yml", pipeline("web", "demo/other"));
        PipelineCatalog catalog = new PipelineCatalog(dir);
        catalog.reload();

        Files.delete(first);
        CatalogChange change = catalog.reload();

        assertThat(change.changed()).containsExactly("web");
        assertThat(catalog.find("web")).map(Pipeline::file).contains(dir.resolve("b.yml"));
        assertThat(catalog.errors()).isEmpty();
    }

    @Test
    void reload_reportsAddedChangedAndRemovedPipelines() throws IOException {
        write("keep.yml", pipeline("keep", "demo/keep"));
        Path edit = write("edit.yml", pipeline("edit", "demo/edit"));
        Path gone = write("gone.yml", pipeline("gone", "demo/gone"));
        PipelineCatalog catalog = new PipelineCatalog(dir);
        assertThat(catalog.reload().added()).containsExactly("edit", "gone", "keep");

        Files.writeString(edit, pipeline("edit", "demo/edit", "demo/edit-worker"));
        Files.delete(gone);
        write("new.yml", pipeline("new", "demo/new"));
        CatalogChange change = catalog.reload();

        assertThat(change).isEqualTo(new CatalogChange(List.of("new"), List.of("edit"), List.of("gone")));
        assertThat(catalog.find("edit").orElseThrow().images()).hasSize(2);
    }

    @Test
    void reload_reportsRemoval_whenAFileBreaks_andAdditionWhenItIsFixed() throws IOException {
        Path file = write("web.yml", pipeline("web", "demo/web"));
        PipelineCatalog catalog = new PipelineCatalog(dir);
        catalog.reload();

        Files.writeString(file, "name: web\nrepositories: [\n");
        CatalogChange broken = catalog.reload();
        Files.writeString(file, pipeline("web", "demo/web"));
        CatalogChange fixed = catalog.reload();

        assertThat(broken.removed()).containsExactly("web");
        assertThat(fixed.added()).containsExactly("web");
        assertThat(catalog.errors()).isEmpty();
    }

    @Test
    void reload_reportsNothing_whenFilesAreRewrittenWithTheSameContent() throws IOException {
        Path file = write("web.yml", pipeline("web", "demo/web"));
        PipelineCatalog catalog = new PipelineCatalog(dir);
        catalog.reload();

        Files.writeString(file, pipeline("web", "demo/web"));

        assertThat(catalog.reload().isEmpty()).isTrue();
        assertThat(catalog.reload().isEmpty()).isTrue();
    }

    @Test
    void reload_skipsReadingFiles_whoseSizeAndTimeAreUnchanged() throws IOException {
        FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Path file = write("web.yml", pipeline("web", "demo/web"));
        Files.setLastModifiedTime(file, anHourAgo);
        PipelineCatalog catalog = new PipelineCatalog(dir);
        catalog.reload();

        // Same size and time on purpose: proves the stamp, not the content, decides whether to read.
        Files.writeString(file, pipeline("web", "demo/xyz"));
        Files.setLastModifiedTime(file, anHourAgo);
        CatalogChange unnoticed = catalog.reload();
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        CatalogChange noticed = catalog.reload();

        assertThat(unnoticed.isEmpty()).isTrue();
        assertThat(noticed.changed()).containsExactly("web");
    }

    @Test
    void reload_rereadsARecentlyWrittenFile_evenWhenItsStampLooksUnchanged() throws IOException {
        Path file = write("web.yml", pipeline("web", "demo/web"));
        FileTime written = Files.getLastModifiedTime(file);
        PipelineCatalog catalog = new PipelineCatalog(dir);
        catalog.reload();

        // A coarse file system clock can leave a quick second write with the first write's stamp.
        Files.writeString(file, pipeline("web", "demo/xyz"));
        Files.setLastModifiedTime(file, written);

        assertThat(catalog.reload().changed()).containsExactly("web");
    }

    @Test
    void reload_reportsTheFolder_whenItDoesNotExist() throws IOException {
        write("web.yml", pipeline("web", "demo/web"));
        PipelineCatalog catalog = new PipelineCatalog(dir);
        catalog.reload();
        Path missing = dir.resolve("missing");
        PipelineCatalog missingCatalog = new PipelineCatalog(missing);

        Files.delete(dir.resolve("web.yml"));
        Files.delete(dir);
        CatalogChange change = catalog.reload();
        missingCatalog.reload();

        assertThat(change.removed()).containsExactly("web");
        assertThat(missingCatalog.pipelines()).isEmpty();
        assertThat(missingCatalog.errors().get(missing)).singleElement().hasToString(missing
                + ": cannot list pipeline files in " + missing.toAbsolutePath() + ": the folder does not exist");
    }
}
