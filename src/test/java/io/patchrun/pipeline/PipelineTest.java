package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.patchrun.policy.Allowance;
import io.patchrun.policy.PolicyReason;

class PipelineTest {

    private static final Path FILE = Path.of("pipelines/demo.yml");

    private static final String CONTRACT_EXAMPLE = """
            name: demo                      # unique, [a-z0-9-]+
            schedule: "0 0 3 * * ?"         # Quartz cron: the nightly patch run (optional)
            watchEvery: PT15M               # how often base digests are checked between runs (optional)
            retain: 3                       # prior versions kept per image, besides the current one (default 3)
            pushTo: 127.0.0.1:5000/demo     # optional: registry namespace the rebuilt images are pushed to
            parallel: { builds: 2, rollouts: 4 }   # how many images build, and containers roll over, at once
            repositories:
              - url: ../demo-repos/web      # anything JGit clones; a relative path is taken from the pipeline file's folder
                ref: main                   # branch or tag (default: the remote's HEAD)
                images:
                  - name: demo/web          # image repository the build is tagged as
                    dockerfile: Dockerfile  # path in the repo (default Dockerfile)
                    context: .              # build context in the repo (default: the Dockerfile's folder)
                    buildArgs: { FLAVOUR: slim }
                    smoke:                  # optional; every given check must pass
                      http: { port: 8080, path: /, status: 200 }
                      command: ["/bin/sh", "-c", "test -f /www/index.html"]
                      timeout: PT30S
                    rollout:                # optional
                      stopTimeout: PT10S
                      healthTimeout: PT30S
            """;

    private static final String MINIMAL = """
            name: demo
            repositories:
              - url: ../demo-repos/web
                images:
                  - name: demo/web
            """;

    @Test
    void parse_readsEveryField_ofTheContractExample() {
        Pipeline pipeline = Pipeline.parse(FILE, CONTRACT_EXAMPLE);

        assertThat(pipeline.name()).isEqualTo("demo");
        assertThat(pipeline.file()).isEqualTo(FILE);
        assertThat(pipeline.schedule()).isEqualTo("0 0 3 * * ?");
        assertThat(pipeline.watchEvery()).isEqualTo(Duration.ofMinutes(15));
        assertThat(pipeline.retain()).isEqualTo(3);
        assertThat(pipeline.pushTo()).isEqualTo("127.0.0.1:5000/demo");
        assertThat(pipeline.parallel()).isEqualTo(new Parallel(2, 4));
        RepositorySpec repository = pipeline.repositories().get(0);
        assertThat(repository.url()).isEqualTo(Path.of("demo-repos/web").toAbsolutePath().toString());
        assertThat(repository.ref()).isEqualTo("main");
        ImageSpec image = repository.images().get(0);
        assertThat(image.name()).isEqualTo("demo/web");
        assertThat(image.dockerfile()).isEqualTo("Dockerfile");
        assertThat(image.context()).isEqualTo(".");
        assertThat(image.buildArgs()).containsExactly(Map.entry("FLAVOUR", "slim"));
        assertThat(image.smoke()).isEqualTo(new SmokeSpec(new HttpCheck(8080, "/", 200),
                List.of("/bin/sh", "-c", "test -f /www/index.html"), Duration.ofSeconds(30)));
        assertThat(image.rollout()).isEqualTo(new RolloutSpec(Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    @Test
    void parse_readsContainersAndHooks_asTheContractWritesThem() {
        Pipeline pipeline = Pipeline.parse(FILE, "containers: labelled\n" + MINIMAL + """
                        hooks: { preUpdate: ["/bin/sh", "-c", "drain"], postUpdate: ["/bin/sh", "-c", "warm"], timeout: PT30S }
                """);

        assertThat(pipeline.containers()).isEqualTo(ContainerSelection.LABELLED);
        assertThat(pipeline.images().get(0).hooks()).isEqualTo(new HooksSpec(List.of("/bin/sh", "-c", "drain"),
                List.of("/bin/sh", "-c", "warm"), Duration.ofSeconds(30)));
    }

    @Test
    void parse_takesEveryContainer_andNoHooks_whenNotGiven() {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL + "        hooks: { postUpdate: [/warm.sh] }\n");

        assertThat(pipeline.containers()).isEqualTo(ContainerSelection.ALL);
        assertThat(Pipeline.parse(FILE, "containers: all\n" + MINIMAL).containers()).isEqualTo(ContainerSelection.ALL);
        assertThat(pipeline.images().get(0).hooks()).isEqualTo(new HooksSpec(List.of(), List.of("/warm.sh"), Duration.ofMinutes(1)));
        assertThat(Pipeline.parse(FILE, MINIMAL).images().get(0).hooks()).isEqualTo(HooksSpec.NONE);
    }

    @Test
    void parse_appliesDefaults_whenOptionalFieldsAreLeftOut() {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL);

        assertThat(pipeline.schedule()).isNull();
        assertThat(pipeline.watchEvery()).isNull();
        assertThat(pipeline.pushTo()).isNull();
        assertThat(pipeline.retain()).isEqualTo(3);
        assertThat(pipeline.runOnBaseChange()).isFalse();
        assertThat(pipeline.parallel()).isEqualTo(new Parallel(2, 4));
        assertThat(pipeline.repositories().get(0).ref()).isNull();
        ImageSpec image = pipeline.images().get(0);
        assertThat(image.dockerfile()).isEqualTo("Dockerfile");
        assertThat(image.context()).isEqualTo(".");
        assertThat(image.buildArgs()).isEmpty();
        assertThat(image.smoke()).isEqualTo(SmokeSpec.NONE);
        assertThat(image.smoke().isEmpty()).isTrue();
        assertThat(image.rollout()).isEqualTo(RolloutSpec.DEFAULTS);
        assertThat(image.rollout().stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(image.rollout().healthTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parse_readsOnBaseChange_runMeansPatchAtOnce() {
        assertThat(Pipeline.parse(FILE, "onBaseChange: run\n" + MINIMAL).runOnBaseChange()).isTrue();
        assertThat(Pipeline.parse(FILE, "onBaseChange: wait\n" + MINIMAL).runOnBaseChange()).isFalse();
    }

    @Test
    void parse_readsNotify_withEveryTarget() {
        Pipeline pipeline = Pipeline.parse(FILE, """
                name: demo
                notify:
                  level: changes
                  pending: true
                  webhook: { url: "http://127.0.0.1:9000/hook" }
                  slack: { url: "https://hooks.example.com/T000/B000/XXX" }
                  email: { to: ["ops@example.com", "dev@example.org"] }
                repositories:
                  - url: ../demo-repos/web
                    images:
                      - name: demo/web
                """);

        NotifySpec notify = pipeline.notifications();
        assertThat(notify.level()).isEqualTo(NotifySpec.Level.CHANGES);
        assertThat(notify.pending()).isTrue();
        assertThat(notify.webhook()).hasToString("http://127.0.0.1:9000/hook");
        assertThat(notify.slack()).hasToString("https://hooks.example.com/T000/B000/XXX");
        assertThat(notify.emailTo()).containsExactly("ops@example.com", "dev@example.org");
    }

    @Test
    void parse_readsPolicyExceptions_ofTheContractExample() {
        Pipeline pipeline = Pipeline.parse(FILE, """
                name: demo
                policy:
                  allow:
                    - { container: backup-agent, reason: docker-socket }   # reasons: privileged, host-path, docker-socket,
                    - container: node_exporter.1                         # capability, host-namespace, unconfined
                      reason: host-namespace
                repositories:
                  - url: ../demo-repos/web
                    images:
                      - name: demo/web
                """);

        assertThat(pipeline.policy().allow()).containsExactly(new Allowance("backup-agent", PolicyReason.DOCKER_SOCKET),
                new Allowance("node_exporter.1", PolicyReason.HOST_NAMESPACE));
        assertThat(Pipeline.parse(FILE, MINIMAL).policy()).isEqualTo(PolicySpec.NONE);
        assertThat(Pipeline.parse(FILE, "policy: { allow: [] }\n" + MINIMAL).policy()).isEqualTo(PolicySpec.NONE);
    }

    @Test
    void parse_leavesNotifyOff_whenNotGiven() {
        Pipeline pipeline = Pipeline.parse(FILE, "name: demo\nrepositories: [{ url: r, images: [{ name: demo/web }] }]\n");

        assertThat(pipeline.notifications()).isEqualTo(NotifySpec.NONE);
        assertThat(pipeline.notifications().hasTargets()).isFalse();
    }

    @Test
    void redaction_keepsHostAndFirstPathSegment_only() {
        assertThat(Redaction.url("https://hooks.slack.com/services/T000/B000/XXXX")).isEqualTo("https://hooks.slack.com/services/…");
        assertThat(Redaction.url("http://user:pw@127.0.0.1:9000/hook?token=abc")).isEqualTo("http://127.0.0.1:9000/hook/…");
        assertThat(Redaction.url("http://127.0.0.1:9000/hook")).isEqualTo("http://127.0.0.1:9000/hook");
    }

    @Test
    void parse_appliesSmokeAndHttpDefaults_whenOnlyPortIsGiven() {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL + """
                        smoke: { http: { port: 80 } }
                        rollout: { healthTimeout: PT1M }
                """);

        ImageSpec image = pipeline.images().get(0);
        assertThat(image.smoke()).isEqualTo(new SmokeSpec(new HttpCheck(80, "/", 200), List.of(), Duration.ofSeconds(30)));
        assertThat(image.rollout()).isEqualTo(new RolloutSpec(Duration.ofSeconds(10), Duration.ofMinutes(1)));
    }

    @Test
    void parse_readsSnapshotVolumes_offByDefault() {
        Pipeline asking = Pipeline.parse(FILE, MINIMAL + "        rollout: { snapshotVolumes: true }\n");

        assertThat(asking.images().get(0).rollout()).isEqualTo(new RolloutSpec(Duration.ofSeconds(10), Duration.ofSeconds(30), true));
        assertThat(Pipeline.parse(FILE, MINIMAL).images().get(0).rollout().snapshotVolumes()).isFalse();
        assertThatThrownBy(() -> Pipeline.parse(FILE, MINIMAL + "        rollout: { snapshotVolumes: sometimes }\n"))
                .hasMessageContaining("snapshotVolumes");
    }

    @ParameterizedTest
    @CsvSource({
            "Dockerfile,                   .",
            "docker/web/Dockerfile,        docker/web",
            "./docker/../web.Dockerfile,   .",
            "./app//Dockerfile,            app",
    })
    void parse_defaultsContext_toTheDockerfilesFolder(String dockerfile, String context) {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL + "        dockerfile: " + dockerfile + "\n");

        assertThat(pipeline.images().get(0).context()).isEqualTo(context);
        assertThat(pipeline.images().get(0).dockerfile()).doesNotContain("./").doesNotContain("//");
    }

    @Test
    void parse_keepsGivenContext_normalised() {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL + """
                        dockerfile: docker/Dockerfile
                        context: ./src/../
                """);

        assertThat(pipeline.images().get(0).context()).isEqualTo(".");
        assertThat(pipeline.images().get(0).dockerfile()).isEqualTo("docker/Dockerfile");
    }

    @ParameterizedTest
    @CsvSource({
            "file:///srv/git/web.git",
            "https://git.example.com/team/web.git",
            "http://127.0.0.1:3000/web",
            "ssh://git@git.example.com/team/web.git",
            "git@github.com:team/web.git",
    })
    void parse_keepsUrls_asWritten(String url) {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL.replace("../demo-repos/web", url));

        assertThat(pipeline.repositories().get(0).url()).isEqualTo(url);
    }

    @Test
    void parse_resolvesRelativePaths_againstThePipelineFilesFolder(@TempDir Path dir) {
        Path file = dir.resolve("fleet/web.yml");

        Pipeline relative = Pipeline.parse(file, MINIMAL);
        Pipeline absolute = Pipeline.parse(file, MINIMAL.replace("../demo-repos/web", "/srv/git/./web"));

        assertThat(relative.repositories().get(0).url()).isEqualTo(dir.resolve("demo-repos/web").toString());
        assertThat(absolute.repositories().get(0).url()).isEqualTo("/srv/git/web");
    }

    @Test
    void parse_keepsScalarsAsWritten_soRefsAndArgsAreNotTurnedIntoNumbers() {
        Pipeline pipeline = Pipeline.parse(FILE, MINIMAL.replace("    images:", "    ref: 1.10\n    images:") + """
                        buildArgs: { VERSION: 1.10, DEBUG: yes, EMPTY: "" }
                """);

        assertThat(pipeline.repositories().get(0).ref()).isEqualTo("1.10");
        assertThat(pipeline.images().get(0).buildArgs())
                .containsExactly(Map.entry("VERSION", "1.10"), Map.entry("DEBUG", "yes"), Map.entry("EMPTY", ""));
    }

    @Test
    void parse_followsYamlAnchors_soSettingsCanBeShared() {
        Pipeline pipeline = Pipeline.parse(FILE, """
                name: demo
                repositories:
                  - url: ../web
                    images:
                      - name: demo/web
                        smoke: &smoke { http: { port: 8080 } }
                      - name: demo/api
                        smoke: *smoke
                """);

        assertThat(pipeline.images()).extracting(ImageSpec::smoke).containsOnly(pipeline.images().get(0).smoke());
        assertThat(pipeline.images()).extracting(ImageSpec::name).containsExactly("demo/web", "demo/api");
    }

    @Test
    void parse_reportsEveryProblem_notJustTheFirst() {
        PipelineException e = catchThrowableOfType(PipelineException.class, () -> Pipeline.parse(FILE, """
                name: Demo
                retain: -1
                repositories:
                  - url: ../web
                    images:
                      - name: demo/web
                        smoke: { http: { port: 70000 } }
                      - name: demo/web
                """));

        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.getMessage().lines()).containsExactly(
                "pipelines/demo.yml:1:7: name: must match [a-z0-9-]+ (lowercase letters, digits, dashes), got 'Demo'",
                "pipelines/demo.yml:2:9: retain: must be 0 or more, got -1",
                "pipelines/demo.yml:7:32: repositories[0].images[0].smoke.http.port: must be 1-65535, got 70000",
                "pipelines/demo.yml:8:15: repositories[0].images[1].name: image demo/web is already built by "
                        + "repositories[0].images[0].name (line 6); each image may appear once in a pipeline");
        assertThat(e.errors()).hasSize(4);
    }

    @Test
    void load_readsTheFile_andNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yml"), MINIMAL);
        Path bad = Files.writeString(dir.resolve("bad.yml"), MINIMAL.replace("name: demo", "name: de mo"));

        assertThat(Pipeline.load(good).file()).isEqualTo(good);
        assertThat(catchThrowableOfType(PipelineException.class, () -> Pipeline.load(bad)).getMessage())
                .startsWith(bad + ":1:7: name: must match");
    }

    @Test
    void load_reportsTheFile_whenItCannotBeRead(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.yml");
        Path latin1 = Files.write(dir.resolve("latin1.yml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});

        assertThat(catchThrowableOfType(PipelineException.class, () -> Pipeline.load(missing)).getMessage())
                .startsWith(missing + ": cannot read the pipeline file: java.nio.file.NoSuchFileException");
        assertThat(catchThrowableOfType(PipelineException.class, () -> Pipeline.load(latin1)).getMessage())
                .startsWith(latin1 + ": the pipeline file is not UTF-8 text");
    }
}
