package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.build.BuildFailedException;
import io.patchrun.build.BuildRequest;
import io.patchrun.build.BuildResult;
import io.patchrun.build.PushFailedException;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.CredentialHelperScript;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.LoginRegistry;
import io.patchrun.watch.RegistryCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builds that pull their base from the local registry that wants a login, pushes to it and pulls what was
 * pushed, with the login the shared lookup finds; and the errors when the login is wrong or missing.
 */
@EngineTest
class PrivateRegistryBuildTest {

    private static Engine engine;
    private static LoginRegistry registry;
    private static ImageRef base;

    @TempDir
    Path dir;

    @BeforeAll
    static void pushBase(Engine realEngine) {
        engine = realEngine;
        registry = LoginRegistry.open(engine);
        base = registry.pushBase("base", "stable");
    }

    @AfterAll
    static void deletePushed() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void build_pullsItsBaseWithTheLogin_pushesThere_andABuildPullsThePushedImage() throws IOException {
        CredentialHelperScript helper = CredentialHelperScript.answering(dir.resolve("bin"), "buildtest",
                Map.of(LoginRegistry.ADDRESS, List.of(LoginRegistry.USER, LoginRegistry.PASSWORD)));
        Path config = Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"" + LoginRegistry.ADDRESS + "\":\"buildtest\"}}");
        EngineLogins logins = TestLogins.of(List.of(), config, List.of(dir.resolve("bin")));
        ImageRef app = ImageRef.parse(registry.name("app") + ":v1");
        write("app/Dockerfile", "FROM " + tagOnly(base) + "\nRUN echo app > /app-marker\n");

        BuildResult built = builder(logins).build(request("app", "app/Dockerfile", app.familiar(), base));
        Digest pushed = new DockerImagePusher(engine.docker(), logins).push(app);

        assertThat(built.log()).anyMatch(line -> line.contains("Pulling from " + engine.token() + "/base"));
        assertThat(pushed).isEqualTo(registry.digest(app));
        engine.docker().removeImageCmd(app.familiar()).withForce(true).exec();
        write("consumer/Dockerfile", "FROM " + app.familiar() + "\nRUN test \"$(cat /app-marker)\" = app\n");
        BuildResult consumer = builder(logins).build(request("consumer", "consumer/Dockerfile", registry.name("consumer") + ":v1", app));
        assertThat(consumer.log()).anyMatch(line -> line.contains("Pulling from " + engine.token() + "/app"));
        assertThat(helper.calls()).isNotEmpty().allMatch(call -> call.equals("get " + LoginRegistry.ADDRESS));
    }

    @Test
    void build_failsNamingTheRegistryAndTheLoginToCheck_whenThePasswordIsWrong() throws IOException {
        write("wrong/Dockerfile", "FROM " + tagOnly(base) + "\nCMD [\"sh\"]\n");
        EngineLogins logins = configured("wrong-password");

        assertThatThrownBy(() -> builder(logins).build(request("wrong", "wrong/Dockerfile", engine.token() + "/wrong:v1", base)))
                .isInstanceOfSatisfying(BuildFailedException.class, failure -> {
                    assertThat(failure.step()).startsWith("1/").contains(": FROM " + tagOnly(base));
                    assertThat(failure.getMessage()).contains("registry " + LoginRegistry.ADDRESS + " refused the login of user '"
                                    + LoginRegistry.USER + "': check the password of user '" + LoginRegistry.USER + "' for "
                                    + LoginRegistry.ADDRESS + " in patchrun.registry.credentials[0]")
                            .doesNotContain("wrong-password");
                });
    }

    @Test
    void build_failsSayingWhereALoginGoes_whenNoneIsConfigured() throws IOException {
        write("none/Dockerfile", "FROM " + tagOnly(base) + "\nCMD [\"sh\"]\n");

        assertThatThrownBy(() -> builder(TestLogins.none()).build(request("none", "none/Dockerfile", engine.token() + "/none:v1", base)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("registry " + LoginRegistry.ADDRESS + " wants a login and none is configured for it: add a login for "
                        + LoginRegistry.ADDRESS + " to patchrun.registry.credentials");
    }

    @Test
    void build_failsBeforeAnyStep_namingTheCredentialProgram_whenItIsMissing() throws IOException {
        write("missing/Dockerfile", "FROM " + tagOnly(base) + "\nCMD [\"sh\"]\n");
        Path config = Files.writeString(dir.resolve("config.json"), "{\"credsStore\":\"absent\"}");
        EngineLogins logins = TestLogins.of(List.of(), config, List.of(dir.resolve("bin")));

        assertThatThrownBy(() -> builder(logins).build(request("missing", "missing/Dockerfile", engine.token() + "/missing:v1", base)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("build of missing failed: reading the login for " + LoginRegistry.ADDRESS + " failed")
                .hasMessageContaining("no docker-credential-absent is on the search path");
    }

    @Test
    void push_failsNamingTheRegistryAndTheLoginToCheck_whenThePasswordIsWrong() {
        ImageRef target = localImage("refused");

        assertThatThrownBy(() -> new DockerImagePusher(engine.docker(), configured("wrong-password")).push(target))
                .isInstanceOf(PushFailedException.class)
                .hasMessageStartingWith("push of " + target.familiar() + " failed: ")
                .hasMessageContaining("registry " + LoginRegistry.ADDRESS + " refused the login of user '" + LoginRegistry.USER
                        + "': check the password of user '" + LoginRegistry.USER + "' for " + LoginRegistry.ADDRESS
                        + " in patchrun.registry.credentials[0]")
                .message().doesNotContain("wrong-password");
    }

    @Test
    void push_failsSayingWhereALoginGoes_whenNoneIsConfigured() {
        ImageRef target = localImage("anonymous");

        assertThatThrownBy(() -> new DockerImagePusher(engine.docker(), TestLogins.none()).push(target))
                .isInstanceOf(PushFailedException.class)
                .hasMessageContaining("registry " + LoginRegistry.ADDRESS + " wants a login and none is configured for it: add a login for "
                        + LoginRegistry.ADDRESS + " to patchrun.registry.credentials");
    }

    /** An image on the engine, tagged for the login registry. */
    private static ImageRef localImage(String name) {
        ImageRef local = engine.makeBase(name, "v1");
        ImageRef target = ImageRef.parse(registry.name(name) + ":v1");
        engine.docker().tagImageCmd(local.familiarName() + ":v1", target.familiarName(), "v1").exec();
        return target;
    }

    private static EngineLogins configured(String password) {
        return TestLogins.of(List.of(new RegistryCredentials(LoginRegistry.ADDRESS, LoginRegistry.USER, password,
                "patchrun.registry.credentials[0]")), TestLogins.NO_DOCKER_CONFIG, List.of());
    }

    private static DockerImageBuilder builder(EngineLogins logins) {
        return new DockerImageBuilder(engine.docker(), logins, Clock.systemUTC());
    }

    private BuildRequest request(String image, String dockerfile, String tag, ImageRef from) {
        return new BuildRequest(image, dir, dockerfile, Map.of(), true, List.of(tag), engine.labels(), null, List.of(from));
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String tagOnly(ImageRef ref) {
        return ref.withTag(ref.tag()).familiar();
    }
}
