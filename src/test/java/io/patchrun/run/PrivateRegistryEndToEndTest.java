package io.patchrun.run;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import com.github.dockerjava.api.model.Image;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.CredentialHelperScript;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.LoginRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet whose base lives on a registry that wants a login and whose images are pushed there, the whole
 * app driven over HTTP. The login comes from a credential program named by {@code credsStore} in a Docker
 * config file, both found through configuration ({@code patchrun.registry.docker-config},
 * {@code patchrun.registry.credential-helper-path}). Each test builds on the one before; the last one
 * looks for the password everywhere a user could see it.
 */
@EngineTest
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PATCHRUN_ADMIN_PASSWORD=" + PrivateRegistryEndToEndTest.ADMIN_PASSWORD,
        "patchrun.registries[0]=" + LoginRegistry.ADDRESS,
})
class PrivateRegistryEndToEndTest {

    static final String ADMIN_PASSWORD = "s3cret-admin";
    private static final String WRONG_PASSWORD = "not-the-registry-password";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.shared();

    private static Engine engine;
    private static LoginRegistry registry;
    private static Path dir;
    private static Path dockerConfig;
    private static ImageRef base;
    private static ImageRef pushedApp;
    private static final List<Long> runIds = new ArrayList<>();
    /** What the app printed while the tests before the current one ran. */
    private static final StringBuilder logs = new StringBuilder();

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void fleet(Engine realEngine) throws IOException {
        engine = realEngine;
        registry = LoginRegistry.open(engine);
        base = registry.pushBase("base", "stable");
        pushedApp = ImageRef.parse(registry.name("app") + ":latest");
        dir = Files.createTempDirectory("patchrun-private-registry");
        Path bin = dir.resolve("bin");
        CredentialHelperScript.answering(bin, "goodstore", Map.of(LoginRegistry.ADDRESS, List.of(LoginRegistry.USER, LoginRegistry.PASSWORD)));
        CredentialHelperScript.answering(bin, "wrongstore", Map.of(LoginRegistry.ADDRESS, List.of(LoginRegistry.USER, WRONG_PASSWORD)));
        dockerConfig = dir.resolve("docker/config.json");
        Files.createDirectories(dockerConfig.getParent());
        useCredsStore("goodstore");
        GitRepos.init(dir.resolve("repos/app"))
                .write("Dockerfile", "FROM " + tagOnly(base) + "\nRUN echo app > /app-marker\n").commit("app");
        GitRepos.init(dir.resolve("repos/consumer"))
                .write("Dockerfile", "FROM " + pushedApp.familiar() + "\nRUN test \"$(cat /app-marker)\" = app\n").commit("consumer");
        ImageRef anonymousBase = engine.makeBase("open-base", "stable");
        GitRepos.init(dir.resolve("repos/pushonly"))
                .write("Dockerfile", "FROM " + tagOnly(anonymousBase) + "\nRUN echo pushonly > /marker\n").commit("pushonly");
        Files.createDirectories(dir.resolve("pipelines"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("patchrun.data-dir", () -> dir.resolve("data").toString());
        properties.add("patchrun.pipelines-dir", () -> dir.resolve("pipelines").toString());
        properties.add("patchrun.registry.docker-config", () -> dockerConfig.toString());
        properties.add("patchrun.registry.credential-helper-path", () -> dir.resolve("bin").toString());
    }

    /** Each test sees only its own output and the start's; the last test reads them all here. */
    @AfterEach
    void keepLog(CapturedOutput output) {
        logs.append(output.getAll());
    }

    @AfterAll
    static void deletePushed() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void run_checksTheBase_pullsItWithTheLogin_andPushesTheImageToTheRegistry() throws IOException {
        pipeline("private", "pushTo: " + LoginRegistry.ADDRESS + "/" + engine.token(), "app", "app");

        HttpResponse<String> check = client().postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "{}");
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        JsonNode baseState = baseState();
        assertThat(baseState.path("problem").isNull()).as(baseState.toString()).isTrue();
        assertThat(baseState.path("digest").asString()).isEqualTo(base.digest().value());

        JsonNode run = runToTheEnd("private");

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode image = run.path("images").get(0);
        assertThat(image.path("status").asString()).isEqualTo("BUILT");
        assertThat(image.path("baseDigest").asString()).isEqualTo(base.digest().value());
        Digest latest = registry.digest(pushedApp);
        assertThat(registry.digest(pushedApp.withTag(image.path("tag").asString()))).isEqualTo(latest);
    }

    @Test
    @Order(2)
    void run_ofAnotherPipeline_pullsThePushedImageWithTheLogin() throws IOException {
        for (Image local : engine.docker().listImagesCmd().withImageNameFilter(pushedApp.familiarName()).exec()) {
            // An image known only by its digest there (pulled that way) has no tags to remove.
            for (String tag : local.getRepoTags() == null ? new String[0] : local.getRepoTags()) {
                if (tag.startsWith(pushedApp.familiarName() + ":")) {
                    engine.docker().removeImageCmd(tag).exec();
                }
            }
        }
        pipeline("consumer", "", "consumer", "consumer");

        JsonNode run = runToTheEnd("consumer");

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(runPage(run.path("id").asLong())).as("the build log on the run's page")
                .contains("Pulling from " + engine.token() + "/app");
    }

    @Test
    @Order(3)
    void wrongPassword_failsTheCheckTheBuildAndThePush_namingTheRegistryAndTheLoginToCheck() throws IOException {
        useCredsStore("wrongstore");
        String toCheck = "check the password of user '" + LoginRegistry.USER + "' for " + LoginRegistry.ADDRESS
                + " in docker-credential-wrongstore (credsStore of " + dockerConfig + ")";

        client().postJsonAs("admin", ADMIN_PASSWORD, "/api/bases/check", "{}");
        assertThat(baseState().path("problem").asString()).contains("registry " + LoginRegistry.ADDRESS + " refused access to user '"
                + LoginRegistry.USER + "'", toCheck);

        JsonNode build = runToTheEnd("private");
        assertThat(build.path("status").asString()).as(build.toString()).isEqualTo("FAILED");
        assertThat(build.path("images").get(0).path("message").asString()).startsWith("build of " + engine.token() + "/app failed at step 1/")
                .contains("registry " + LoginRegistry.ADDRESS + " refused the login of user '" + LoginRegistry.USER + "': " + toCheck);

        pipeline("pushonly", "pushTo: " + LoginRegistry.ADDRESS + "/" + engine.token(), "pushonly", "pushonly");
        JsonNode push = runToTheEnd("pushonly");
        assertThat(push.path("status").asString()).as(push.toString()).isEqualTo("FAILED");
        assertThat(push.path("images").get(0).path("message").asString())
                .startsWith("push of " + LoginRegistry.ADDRESS + "/" + engine.token() + "/pushonly:")
                .contains("registry " + LoginRegistry.ADDRESS + " refused the login of user '" + LoginRegistry.USER + "': " + toCheck);
        HttpResponse<String> versions = client().getAs("admin", ADMIN_PASSWORD, "/api/images/" + engine.token() + "--pushonly/versions");
        assertThat(versions.statusCode()).as("a version the registry refused is no version: " + versions.body()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void noPasswordOrToken_isInTheLogTheRunRecordsTheUiOrTheApi(CapturedOutput output) throws SQLException {
        List<String> secrets = List.of(LoginRegistry.PASSWORD, WRONG_PASSWORD, LoginRegistry.basicToken(),
                Base64.getEncoder().encodeToString((LoginRegistry.USER + ":" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        String log = logs + output.getAll();
        assertThat(log).as("the captured log covers the start and every run")
                .contains("Started " + getClass().getSimpleName(), "refused access to user '" + LoginRegistry.USER + "'",
                        "Run " + runIds.get(runIds.size() - 1) + " of pipeline pushonly ended FAILED");

        List<String> seen = new ArrayList<>();
        seen.add(log);
        AppClient api = client();
        for (String path : List.of("/api/bases", "/api/pipelines", "/api/pipelines/errors", "/api/runs",
                "/api/images/" + engine.token() + "--app/versions")) {
            seen.add(api.getAs("admin", ADMIN_PASSWORD, path).body());
        }
        AppClient browser = client();
        browser.login("admin", ADMIN_PASSWORD);
        for (String path : List.of("/", "/health", "/runs", "/images/" + engine.token() + "--app")) {
            seen.add(browser.get(path).body());
        }
        for (long id : runIds) {
            seen.add(api.getAs("admin", ADMIN_PASSWORD, "/api/runs/" + id).body());
            seen.add(browser.get("/runs/" + id).body());
        }
        seen.add(everyStoredValue());

        assertThat(seen).hasSizeGreaterThan(10).allSatisfy(text -> assertThat(text).doesNotContain(secrets));
    }

    private static void useCredsStore(String name) throws IOException {
        Files.writeString(dockerConfig, "{\"auths\":{\"" + LoginRegistry.ADDRESS + "\":{}},\"credsStore\":\"" + name + "\"}");
    }

    private void pipeline(String name, String extra, String repository, String image) throws IOException {
        Files.writeString(dir.resolve("pipelines/" + name + ".yml"), """
                name: %s
                %s
                repositories:
                  - url: %s
                    images:
                      - name: %s/%s
                """.formatted(name, extra, dir.resolve("repos/" + repository), engine.token(), image));
        HttpResponse<String> reload = client().postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/reload", "{}");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(client().getAs("admin", ADMIN_PASSWORD, "/api/pipelines/errors").body()).isEqualTo("[]");
    }

    private JsonNode runToTheEnd(String pipeline) {
        HttpResponse<String> started = client().postJsonAs("admin", ADMIN_PASSWORD, "/api/pipelines/" + pipeline + "/runs", "{\"force\":true}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = JSON.readTree(started.body()).path("id").asLong();
        runIds.add(id);
        return Awaitility.await("run " + id + " of " + pipeline).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> JSON.readTree(client().getAs("admin", ADMIN_PASSWORD, "/api/runs/" + id).body()),
                        run -> !List.of("QUEUED", "RUNNING").contains(run.path("status").asString()));
    }

    private JsonNode baseState() {
        JsonNode bases = JSON.readTree(client().getAs("admin", ADMIN_PASSWORD, "/api/bases").body());
        for (JsonNode state : bases) {
            if (state.path("ref").asString().contains(engine.token() + "/base")) {
                return state;
            }
        }
        throw new AssertionError("no base state for " + base + " in " + bases);
    }

    private String runPage(long run) {
        AppClient browser = client();
        browser.login("admin", ADMIN_PASSWORD);
        return browser.get("/runs/" + run).body();
    }

    /** Every value of every table of the database, as text: what a run record or any other record holds. */
    private String everyStoredValue() throws SQLException {
        StringBuilder values = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).anyMatch(table -> table.startsWith("PATCHRUN_"));
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rows.getObject(i);
                            values.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : value).append('\n');
                        }
                    }
                }
            }
        }
        return values.toString();
    }

    private AppClient client() {
        return new AppClient(port);
    }

    private static String tagOnly(ImageRef ref) {
        return ref.withTag(ref.tag()).familiar();
    }
}
