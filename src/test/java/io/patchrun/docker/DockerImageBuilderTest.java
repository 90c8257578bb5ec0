package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.command.InspectImageResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.build.BuildFailedException;
import io.patchrun.build.BuildLabels;
import io.patchrun.build.BuildRequest;
import io.patchrun.build.BuildResult;
import io.patchrun.build.VersionTag;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EngineTest
class DockerImageBuilderTest {

    @TempDir
    Path checkout;

    @Test
    void build_tagsAndLabelsImage_fromCheckoutFolder(Engine engine) throws IOException {
        ImageRef base = engine.makeBase("base", "stable");
        write("web/Dockerfile", """
                FROM %s
                RUN mkdir /www && echo hello > /www/index.html
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                """.formatted(tagOnly(base)));
        Clock clock = Clock.systemUTC();
        String name = engine.token() + "/web";
        VersionTag version = VersionTag.now(clock, "7f3a9c2e-run");
        Map<String, String> labels = new LinkedHashMap<>(new BuildLabels("file:///repos/web", "9f1c2e", Instant.now(clock),
                base.withTag(base.tag()), base.digest(), "demo", "7f3a9c2e-run").toMap());
        labels.putAll(engine.labels());

        BuildResult result = builder(engine).build(new BuildRequest(name, checkout, "web/Dockerfile", Map.of(), false,
                List.of(name + ":latest", name + ":" + version), labels));

        InspectImageResponse image = engine.docker().inspectImageCmd(result.imageId()).exec();
        assertThat(result.imageId()).startsWith("sha256:").isEqualTo(image.getId());
        assertThat(image.getRepoTags()).containsExactlyInAnyOrder(name + ":latest", name + ":" + version);
        assertThat(image.getConfig().getLabels()).containsAllEntriesOf(labels)
                .containsEntry(BuildLabels.BASE_NAME, base.withTag("stable").toString())
                .containsEntry(BuildLabels.BASE_DIGEST, base.digest().value());
        // The engine adds each label as a step of its own after the Dockerfile's three.
        assertThat(result.log()).first().asString().isEqualTo("Step 1/%d : FROM %s", 3 + labels.size(), tagOnly(base));
        assertThat(result.log()).anyMatch(line -> line.startsWith("Successfully built "));
        assertThat(result.took()).isPositive();
    }

    @Test
    void build_failsWithStepAndExitCode_whenRunFails(Engine engine) throws IOException {
        ImageRef base = engine.makeBase("base-for-failure", "stable");
        write("Dockerfile", """
                FROM %s
                RUN echo preparing
                RUN apk add foo
                CMD ["sh"]
                """.formatted(tagOnly(base)));
        String name = engine.token() + "/broken";

        assertThatThrownBy(() -> builder(engine).build(new BuildRequest(name, checkout, "Dockerfile", Map.of(), false,
                List.of(name + ":latest"), engine.labels())))
                .isInstanceOfSatisfying(BuildFailedException.class, failure -> {
                    assertThat(failure).hasMessage("build of " + name + " failed at step 3/5: RUN apk add foo: exit code 127");
                    assertThat(failure.step()).isEqualTo("3/5: RUN apk add foo");
                    assertThat(failure.log()).contains("preparing").anyMatch(line -> line.contains("apk: not found"));
                });
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withAncestorFilter(List.of(tagOnly(base))).exec())
                .as("the failed step's container is removed").isEmpty();
    }

    @Test
    void build_failsAtFromStep_whenBaseIsNotInTheRegistry(Engine engine) throws IOException {
        String missing = engine.registryName("never-pushed") + ":stable";
        write("Dockerfile", "FROM " + missing + "\nCMD [\"sh\"]\n");

        assertThatThrownBy(() -> builder(engine).build(new BuildRequest(engine.token() + "/orphan", checkout, "Dockerfile", Map.of(), true,
                List.of(), Map.of())))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("build of " + engine.token() + "/orphan failed at step 1/2: FROM " + missing + ": ")
                .hasMessageContaining("not found");
    }

    @Test
    void build_failsBeforeAnyStep_whenDockerfileIsMissing(Engine engine) {
        assertThatThrownBy(() -> builder(engine).build(new BuildRequest("demo/web", checkout, "app/Dockerfile", Map.of(), false,
                List.of(), Map.of())))
                .isInstanceOf(BuildFailedException.class)
                .hasMessage("build of demo/web failed: there is no Dockerfile app/Dockerfile in " + checkout);
    }

    @Test
    void build_usesBuildArgs_andArgDefaultsOtherwise(Engine engine) throws IOException {
        ImageRef base = engine.makeBase("base-for-args", "stable");
        write("Dockerfile", """
                FROM %s
                ARG FLAVOUR=plain
                LABEL flavour=$FLAVOUR
                """.formatted(tagOnly(base)));
        String name = engine.token() + "/args";

        BuildResult slim = builder(engine).build(new BuildRequest(name, checkout, "Dockerfile", Map.of("FLAVOUR", "slim"), false,
                List.of(name + ":slim"), engine.labels()));
        BuildResult plain = builder(engine).build(new BuildRequest(name, checkout, "Dockerfile", Map.of(), false,
                List.of(name + ":plain"), engine.labels()));

        assertThat(engine.docker().inspectImageCmd(slim.imageId()).exec().getConfig().getLabels()).containsEntry("flavour", "slim");
        assertThat(engine.docker().inspectImageCmd(plain.imageId()).exec().getConfig().getLabels()).containsEntry("flavour", "plain");
    }

    @Test
    void build_leavesDockerignoredFilesOutOfTheContext(Engine engine) throws IOException {
        ImageRef base = engine.makeBase("base-for-ignore", "stable");
        write("app/Dockerfile", """
                FROM %s
                COPY . /ctx/
                RUN test -f /ctx/keep.txt && test -f /ctx/app/Dockerfile && test ! -e /ctx/secret.txt && test ! -e /ctx/logs
                """.formatted(tagOnly(base)));
        write(".dockerignore", "secret.txt\nlogs\n");
        write("keep.txt", "kept");
        write("secret.txt", "not for the image");
        write("logs/today.log", "noise");
        String name = engine.token() + "/ignore";

        BuildResult result = builder(engine).build(new BuildRequest(name, checkout, "app/Dockerfile", Map.of(), false,
                List.of(name + ":latest"), engine.labels(), ".", List.of()));

        assertThat(result.log()).anyMatch(line -> line.startsWith("Step 3/4 : RUN test -f /ctx/keep.txt"));
    }

    @Test
    void build_picksUpRepublishedBase_onlyWithPull(Engine engine) throws IOException {
        ImageRef base = engine.makeBase("base-for-pull", "stable");
        String firstGeneration = engine.docker().inspectImageCmd(tagOnly(base)).exec().getId();
        ImageRef republished = engine.republish(base, "2");
        // Point the local tag back at the first generation, as on a host that has not pulled since.
        engine.docker().tagImageCmd(firstGeneration, base.familiarName(), "stable").withForce(true).exec();
        write("Dockerfile", """
                FROM %s
                RUN echo "generation=$(cat /etc/patchrun-base-generation)"
                """.formatted(tagOnly(base)));
        String name = engine.token() + "/pulled";

        BuildResult stale = builder(engine).build(new BuildRequest(name, checkout, "Dockerfile", Map.of(), false,
                List.of(name + ":stale"), engine.labels()));
        BuildResult fresh = builder(engine).build(new BuildRequest(name, checkout, "Dockerfile", Map.of(), true,
                List.of(name + ":fresh"), engine.labels()));

        assertThat(stale.log()).contains("generation=1");
        assertThat(fresh.log()).contains("generation=2");
        assertThat(engine.docker().inspectImageCmd(tagOnly(base)).exec().getRepoDigests())
                .contains(base.familiarName() + "@" + republished.digest());
    }

    /** The base by its tag: a Dockerfile naming the digest would never see a republished base. */
    private static String tagOnly(ImageRef base) {
        return base.withTag(base.tag()).familiar();
    }

    private static DockerImageBuilder builder(Engine engine) {
        return new DockerImageBuilder(engine.docker(), TestLogins.none(), Clock.systemUTC());
    }

    private void write(String path, String content) throws IOException {
        Path file = checkout.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
