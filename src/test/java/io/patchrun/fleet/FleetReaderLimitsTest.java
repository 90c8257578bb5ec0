package io.patchrun.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.dockerfile.DockerfileParser;
import io.patchrun.dockerfile.ParsedDockerfile;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.PlanView;
import io.patchrun.source.Revision;
import io.patchrun.testsupport.GitRepos;

/**
 * A hostile Dockerfile fails its own image, with the file and line, and the rest of the fleet is still
 * planned: whether the file is huge, its expansion explodes, or parsing it runs out of stack or memory.
 */
class FleetReaderLimitsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path repo;
    private String commit;
    private Pipeline pipeline;

    @BeforeEach
    void fleet() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        write("base/Dockerfile", "FROM debian:12\n");
        write("app/Dockerfile", "FROM limits/base\n");
        pipeline = Pipeline.parse(tmp.resolve("limits.yml"), """
                name: limits
                repositories:
                  - url: repo
                    images:
                      - { name: limits/base, dockerfile: base/Dockerfile }
                      - { name: limits/app, dockerfile: app/Dockerfile }
                      - { name: limits/hostile, dockerfile: hostile/Dockerfile }
                """);
    }

    @Test
    void aFiftyMegabyteDockerfile_failsItsImageAtTheLineWhereReadingStopped() throws IOException {
        Files.createDirectories(repo.resolve("hostile"));
        byte[] line = ("RUN echo " + "x".repeat(90) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(repo.resolve("hostile/Dockerfile"))) {
            out.write("FROM debian:12\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 500_000; i++) {
                out.write(line);
            }
        }

        PlanView plan = plan(DockerfileParser::parse);

        // 15 bytes, then lines of 100: the 1,048,577th byte is on line 2 + (1,048,576 - 15) / 100.
        assertThat(error(plan, "limits/hostile")).isEqualTo("hostile/Dockerfile:10487: the Dockerfile is larger than 1 MiB"
                + " (1,048,576 bytes), the most Patchrun reads of one; it passes that on this line (in " + repo + " at " + commit.substring(0, 10) + ")");
        assertTheOthersArePlanned(plan);
    }

    @Test
    void anArgChainThatDoublesThirtyTimes_failsItsImageAtThatArg() throws IOException {
        StringBuilder file = new StringBuilder("ARG A0=ab\n");
        for (int i = 1; i <= 30; i++) {
            file.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        write("hostile/Dockerfile", file + "FROM debian:${A30}\n");

        PlanView plan = plan(DockerfileParser::parse);

        assertThat(error(plan, "limits/hostile")).isEqualTo("hostile/Dockerfile:17: ARG A16 expands to more than 65,536 characters"
                + " (the limit for one value) (in " + repo + " at " + commit.substring(0, 10) + ")");
        assertTheOthersArePlanned(plan);
    }

    @Test
    void aParserThatOverflowsTheStack_failsOnlyThatImage() throws IOException {
        write("hostile/Dockerfile", "FROM debian:12\n");

        PlanView plan = plan((file, text, args) -> file.startsWith("hostile/") ? recurse(0) : DockerfileParser.parse(file, text, args));

        assertThat(error(plan, "limits/hostile")).isEqualTo("hostile/Dockerfile: reading it ran out of stack (java.lang.StackOverflowError);"
                + " the file is left out (in " + repo + " at " + commit.substring(0, 10) + ")");
        assertTheOthersArePlanned(plan);
    }

    @Test
    void aParserThatRunsOutOfMemory_failsOnlyThatImage() throws IOException {
        write("hostile/Dockerfile", "FROM debian:12\n");

        PlanView plan = plan((file, text, args) -> file.startsWith("hostile/") ? exhaustMemory() : DockerfileParser.parse(file, text, args));

        assertThat(error(plan, "limits/hostile")).startsWith("hostile/Dockerfile: reading it ran out of memory (java.lang.OutOfMemoryError:")
                .endsWith("); the file is left out (in " + repo + " at " + commit.substring(0, 10) + ")");
        assertTheOthersArePlanned(plan);
    }

    private PlanView plan(FleetReader.Parser parser) {
        commit = GitRepos.init(repo).commit("The fleet's Dockerfiles");
        FleetReader reader = new FleetReader((url, ref) -> new Revision(repo, commit, "main"), parser);
        return assertTimeoutPreemptively(QUICKLY, () -> reader.read(pipeline).graph().planAll().view());
    }

    private static void assertTheOthersArePlanned(PlanView plan) {
        assertThat(plan.levels()).containsExactly(List.of("limits/base", "limits/hostile"), List.of("limits/app"));
        assertThat(plan.bases()).containsExactly("debian:12");
        assertThat(error(plan, "limits/base")).isNull();
        assertThat(error(plan, "limits/app")).isNull();
    }

    private static String error(PlanView plan, String image) {
        return plan.images().stream().filter(i -> i.name().equals(image)).findFirst().orElseThrow().error();
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(repo.resolve(path).getParent());
        Files.writeString(repo.resolve(path), text);
    }

    private static ParsedDockerfile recurse(int depth) {
        return recurse(depth + 1);
    }

    /** A real OutOfMemoryError, without filling the heap: the JVM refuses an array this large at once. */
    private static ParsedDockerfile exhaustMemory() {
        long[] tooLarge = new long[Integer.MAX_VALUE - 2];
        throw new AssertionError("the JVM allocated " + tooLarge.length + " longs");
    }
}
