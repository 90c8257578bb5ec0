package io.patchrun.demo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as {@code java -jar} starts it, without {@code patchrun.demo.enabled}, with the demo pipeline in
 * its folder: no demo bean, thread, buttons, repositories or containers, and the pipeline named {@code demo}
 * is a pipeline like any other. (With the setting on, {@link DemoFleetTest} has the demo made at start.)
 */
@EngineTest
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "PATCHRUN_ADMIN_PASSWORD=" + DemoOffByDefaultTest.PASSWORD)
class DemoOffByDefaultTest {

    static final String PASSWORD = "demo-off";

    private static DemoFixture fixture;
    private static Engine engine;

    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @BeforeAll
    static void demoPipeline(Engine realEngine) throws Exception {
        engine = realEngine;
        fixture = new DemoFixture(realEngine);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fixture.registerFolderAndNames(registry);
    }

    @AfterAll
    static void removeWhatAWrongStartMayHaveMade() throws Exception {
        fixture.removeAll();
    }

    @Test
    void noBeanOfTheDemo_andNoDemoThread() {
        List<String> demoBeans = Arrays.stream(context.getBeanDefinitionNames())
                .filter(name -> {
                    Class<?> type = context.getType(name);
                    return type != null && type.getPackageName().equals(DemoProperties.class.getPackageName());
                }).toList();

        assertThat(demoBeans).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("demo-fleet");
    }

    @Test
    void overview_showsTheDemoPipelineAsAPipeline_withoutTheDemosButtons() {
        AppClient admin = new AppClient(port);
        admin.login("admin", PASSWORD);

        String overview = admin.get("/").body();

        assertThat(overview).contains("id=\"pipeline-demo\"").contains(fixture.names.web()).contains(fixture.names.api())
                .doesNotContain("Demo fleet").doesNotContain("/demo/publish-base").doesNotContain("/demo/break-next");
        assertThat(admin.getAs("admin", PASSWORD, "/api/pipelines").body()).contains("\"name\":\"demo\"");
    }

    @Test
    void demoCalls_areNotThere() {
        AppClient admin = new AppClient(port);
        admin.login("admin", PASSWORD);
        String token = AppClient.csrfToken(admin.get("/").body());

        HttpResponse<String> publish = admin.postForm("/demo/publish-base", "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));

        assertThat(publish.statusCode()).isEqualTo(404);
        assertThat(admin.getAs("admin", PASSWORD, "/api/demo").statusCode()).isEqualTo(404);
    }

    @Test
    void nothingOfTheDemoIsMade() throws Exception {
        assertThat(fixture.dataDir.resolve("data/demo-repos")).doesNotExist();
        assertThat(engine.docker().listContainersCmd().withShowAll(true)
                .withNameFilter(List.of(fixture.names.webContainer(), fixture.names.apiContainer())).exec()).isEmpty();
        HttpResponse<Void> base = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + DemoNames.REGISTRY + "/v2/"
                + fixture.names.base().repository() + "/manifests/" + DemoNames.BASE_TAG)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(base.statusCode()).as("the demo base in the registry").isEqualTo(404);
    }
}
