package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patchrun demo ...} without a server, against an engine in memory and real Git. */
class DemoCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final FakeDemoEngine engine = new FakeDemoEngine();

    @TempDir
    Path tmp;
    private Path pipelines;

    @BeforeEach
    void demoPipeline() throws Exception {
        pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(pipelines.resolve("demo.yml"), new DemoNames("t1-").render(Files.readString(Path.of("pipelines/demo.yml"))));
    }

    @Test
    void unknownAction_printsUsage_andExits2() {
        assertThat(run("demo-it")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("publish-base|break-next|fix-next");
    }

    @Test
    void folderWithoutDemoPipeline_exits2_namingTheFolder() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("none"));

        int code = new DemoCommand(host -> engine).run(List.of("break-next", "--patchrun.pipelines-dir=" + empty), print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no pipeline named demo in " + empty.toAbsolutePath());
    }

    @Test
    void breakNext_thenFixNext_commitToTheWebRepositoryTheFileNames_withoutTheEngine() throws Exception {
        int broke = run(host -> {
            throw new AssertionError("break-next connected to the engine");
        }, "break-next");

        assertThat(broke).as(err.toString()).isZero();
        Path web = tmp.resolve("data/demo-repos/web");
        assertThat(out.toString()).contains("Committed ").contains(web.toString()).contains("t1-demo-web");
        assertThat(Files.readString(web.resolve("health.sh"))).contains("DEMO_ROLE");

        assertThat(run("fix-next")).isZero();
        assertThat(Files.readString(web.resolve("health.sh"))).doesNotContain("DEMO_ROLE");
    }

    @Test
    void publishBase_pushesTheNextRelease_underThePrefixedName() {
        engine.localRelease = 1;

        int code = run("publish-base");

        assertThat(code).as(err.toString()).isZero();
        assertThat(engine.published).extracting(BaseRelease::number).containsExactly(2);
        assertThat(out.toString()).startsWith("Published 127.0.0.1:5000/t1-demo/base:stable release 2");
    }

    @Test
    void publishBase_withoutEngine_exits1_sayingWhy() {
        engine.problem = "the Docker engine at unix:///var/run/docker.sock does not answer";

        int code = run("publish-base");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("demo publish-base failed: the Docker engine at unix:///var/run/docker.sock does not answer");
        assertThat(engine.published).isEmpty();
    }

    private int run(String... action) {
        return run(host -> engine, action);
    }

    private int run(DemoCommand.Engines engines, String... action) {
        List<String> args = new java.util.ArrayList<>(List.of(action));
        args.add("--patchrun.pipelines-dir=" + pipelines);
        args.add("--patchrun.demo.prefix=t1-");
        return new DemoCommand(engines).run(args, print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
