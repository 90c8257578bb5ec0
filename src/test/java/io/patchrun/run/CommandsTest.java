package io.patchrun.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.PatchrunApplication;
import io.patchrun.cli.PlanCommand;
import io.patchrun.cli.RunCommand;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's {@code plan} and {@code run --once}, as a cron-driven host uses them. */
@EngineTest
class CommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void plan_printsPlanJson_fromGitOnly(@TempDir Path tmp) throws Exception {
        GitRepos repo = GitRepos.init(tmp.resolve("repo"))
                .write("Dockerfile", "FROM 127.0.0.1:5000/cli/base:1\n")
                .write("app/Dockerfile", "FROM cli/base-image\n");
        repo.commit("fleet");
        Path file = tmp.resolve("cli.yml");
        Files.writeString(file, "name: cli\nrepositories:\n  - url: repo\n    images:\n      - name: cli/base-image\n"
                + "      - { name: cli/app, dockerfile: app/Dockerfile }\n");

        int code = PlanCommand.run(List.of(file.toString(), "--patchrun.data-dir=" + tmp.resolve("data")), print(out), print(err));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"levels\" : [ [ \"cli/base-image\" ], [ \"cli/app\" ] ]")
                .contains("\"from\" : \"cli/base-image\",\n    \"to\" : \"cli/app\"");
    }

    @Test
    void plan_ofBrokenFile_namesFileLineAndField_andExits2(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bad.yml");
        Files.writeString(file, "name: Bad Name\nrepositories: []\n");

        int code = PlanCommand.run(List.of(file.toString()), print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yml:1").contains("name");
    }

    @Test
    void runOnce_buildsAndExits0_thenExits1WhenTheBuildFails(Engine engine, @TempDir Path tmp) throws Exception {
        ImageRef base = engine.makeBase("cli-base", "stable");
        GitRepos repo = GitRepos.init(tmp.resolve("repo")).write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN echo ok > /ok\n");
        repo.commit("app");
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        Path file = pipelines.resolve("cli.yml");
        Files.writeString(file, "name: cli-once\npushTo: " + Engine.REGISTRY + "/" + engine.token() + "\nrepositories:\n  - url: " + repo.path() + "\n    images: [{ name: " + engine.token() + "/cli }]\n");
        List<String> args = List.of(file.toString(), "--once", "--force", "--patchrun.data-dir=" + tmp.resolve("data"));

        int first = RunCommand.run(PatchrunApplication.class, args, print(out), print(err));

        assertThat(first).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("SUCCEEDED").contains(engine.token() + "/cli: BUILT");
        assertThat(engine.docker().inspectImageCmd(engine.token() + "/cli:latest").exec().getId()).startsWith("sha256:");
        assertThat(engine.registryDigest(Engine.REGISTRY + "/" + engine.token() + "/cli", "latest"))
                .as("pushed to pushTo").isNotNull();

        repo.write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN exit 7\n").commit("break");
        out.reset();

        int second = RunCommand.run(PatchrunApplication.class, args, print(out), print(err));

        assertThat(second).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED").contains("exit code 7");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
