package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile pipeline files are left out, each with its file, line and the limit it passes, while the other
 * files of the folder load; none of them takes long.
 */
class PipelineLimitsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(30);
    private static final String GOOD = "name: good\nrepositories:\n  - url: ../good\n    images: [{ name: limits/good }]\n";

    @TempDir
    Path dir;

    @Test
    void hostileFiles_areLeftOutWithFileLineAndLimit_whileTheOthersLoad() throws IOException {
        write("good.yml", GOOD);
        Path bomb = write("bomb.yml", billionLaughs());
        Path huge = hugeFile("huge.yml");
        Path deep = write("deep.yml", "name: deep\nrepositories: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        Path recursive = write("recursive.yml", "name: recursive\nrepositories: &r [*r]\n");
        PipelineCatalog catalog = new PipelineCatalog(dir);

        assertTimeoutPreemptively(QUICKLY, catalog::reload);

        assertThat(catalog.pipelines()).extracting(Pipeline::name).containsExactly("good");
        assertThat(catalog.errors()).containsOnlyKeys(bomb, huge, deep, recursive);
        // The first *l6 on line 8 takes the file past a million values: l6 alone stands for 597,871.
        assertThat(catalog.errors().get(bomb)).singleElement().hasToString(bomb + ":8:10: alias *l6 makes the file hold more than"
                + " 1,000,000 values once its aliases are expanded (the limit); aliases of lists or mappings that are full of aliases"
                + " grow like this");
        // 11 bytes, then lines of 100: byte 1,048,577 is on line 2 + (1,048,576 - 11) / 100, column 66.
        assertThat(catalog.errors().get(huge)).singleElement().hasToString(huge + ":10487:66: the file is larger than 1 MiB"
                + " (1,048,576 bytes), the most Patchrun reads of a pipeline file; it passes that here");
        // The top mapping is the first level, so the 50th '[' (column 14 + 50) opens the 51st.
        assertThat(catalog.errors().get(deep)).singleElement().hasToString(deep + ":2:64: lists and mappings are nested more than"
                + " 50 deep here (the limit); a pipeline file needs fewer than 10");
        assertThat(catalog.errors().get(recursive)).singleElement().hasToString(recursive + ":2:19: alias *r is used inside the list"
                + " or mapping &r it names; a pipeline file cannot hold data that contains itself");
    }

    @Test
    void fiftyLevels_areWithinTheNestingLimit_ofTheCheckAndOfSnakeYaml() {
        String yaml = "name: deep\nrepositories: " + "[".repeat(49) + "]".repeat(49) + "\n";

        assertThatThrownBy(() -> Pipeline.parse(dir.resolve("deep.yml"), yaml)).isInstanceOfSatisfying(PipelineException.class, e ->
                assertThat(e.errors()).singleElement().hasToString(dir.resolve("deep.yml") + ":2:16: repositories[0]: must be a mapping"
                        + " with keys url, ref, images, got a list"));
    }

    @Test
    void anAnchoredBlockReusedByManyImages_loads() throws IOException {
        StringBuilder yaml = new StringBuilder("name: shared\nrepositories:\n  - url: ../shared\n    images:\n"
                + "      - name: shared/i0\n        smoke: &smoke { http: { port: 8080 }, timeout: PT20S }\n");
        for (int i = 1; i < 500; i++) {
            yaml.append("      - { name: shared/i").append(i).append(", smoke: *smoke }\n");
        }

        Pipeline pipeline = Pipeline.load(write("shared.yml", yaml.toString()));

        assertThat(pipeline.images()).hasSize(500)
                .allSatisfy(image -> assertThat(image.smoke().timeout()).isEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    void loadingAHugeFileDirectly_namesTheLineWhereReadingStopped() throws IOException {
        Path huge = hugeFile("huge.yml");

        assertThatThrownBy(() -> Pipeline.load(huge)).isInstanceOfSatisfying(PipelineException.class, e ->
                assertThat(e.errors()).extracting(PipelineError::line).containsExactly(10487));
    }

    @Test
    void aFileWhoseReadingRunsOutOfStack_isLeftOut_whileTheOthersLoad() throws IOException {
        Path good = write("good.yml", GOOD);
        Path deep = write("deep.yml", GOOD.replace("good", "deep"));
        FileCache cache = new FileCache((file, text) -> file.equals(deep) ? recurse(0) : PipelineReader.read(file, text));

        FileCache.Loaded refused = cache.load(deep);
        FileCache.Loaded loaded = cache.load(good);

        assertThat(refused.parsed()).isNull();
        assertThat(refused.errors()).singleElement().hasToString(deep + ": reading the pipeline file ran out of stack"
                + " (java.lang.StackOverflowError); it is left out");
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.parsed().pipeline().name()).isEqualTo("good");
    }

    /** Nine lists of nine aliases of the list before: 10^9 values once expanded, in a few hundred bytes. */
    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("name: bomb\nl1: &l1 [" + String.join(", ", List.of("lol", "lol", "lol", "lol", "lol",
                "lol", "lol", "lol", "lol")) + "]\n");
        for (int level = 2; level <= 9; level++) {
            String alias = "*l" + (level - 1);
            yaml.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", List.of(alias, alias, alias, alias, alias, alias, alias, alias, alias))).append("]\n");
        }
        return yaml.append("repositories: [{ url: ../bomb, images: [{ name: limits/bomb }] }]\n").toString();
    }

    /** 50 MB: a valid start, then comment lines of 100 bytes. */
    private Path hugeFile(String name) throws IOException {
        Path file = dir.resolve(name);
        byte[] line = ("#" + "x".repeat(98) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("name: huge\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 500_000; i++) {
                out.write(line);
            }
        }
        return file;
    }

    private Path write(String file, String yaml) throws IOException {
        return Files.writeString(dir.resolve(file), yaml);
    }

    private static ParsedPipeline recurse(int depth) {
        return recurse(depth + 1);
    }
}
