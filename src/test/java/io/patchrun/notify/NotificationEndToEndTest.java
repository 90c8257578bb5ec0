package io.patchrun.notify;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.DeliveryHistory;
import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run that ends ROLLED_BACK on a real engine is reported to a webhook receiver and a real SMTP server,
 * both on 127.0.0.1 in this test; a flaky receiver is tried again, a dead one is recorded and the run stands.
 * The same runs are counted in the Prometheus text, which needs a user.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationEndToEndTest extends AppTestBase {

    private static final String EXTERNAL = "https://patchrun.example.test";
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final Receiver HOOK = new Receiver();
    private static final Receiver FLAKY = new Receiver();

    private static Engine engine;
    private static GitRepos repo;
    private static String prefix;
    private static ImageRef base;

    @Autowired
    PatchRuns runs;
    @Autowired
    PipelineFolder pipelines;
    @Autowired
    DeliveryHistory deliveries;

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void notifications(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("patchrun.external-url", () -> EXTERNAL);
        registry.add("patchrun.notify.sender", () -> "patchrun@example.test");
        registry.add("patchrun.notify.retry-delays", () -> "PT0.05S,PT0.05S,PT0.05S");
    }

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        prefix = engine.token();
        base = engine.makeBase("base", "stable");
        repo = GitRepos.init(Files.createTempDirectory("patchrun-notify")).write("Dockerfile", web("web v1", ""));
        repo.commit("v1");
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        HOOK.server.stop(0);
        FLAKY.server.stop(0);
    }

    private static String web(String body, String extra) {
        return "FROM " + base.familiarName() + ":stable\nRUN mkdir -p /www && echo '" + body + "' > /www/index.html\n" + extra
                + "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n";
    }

    private void pipeline(String notify) throws Exception {
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("notified.yml"), """
                name: notified
                notify:
                %s
                repositories:
                  - url: %s
                    images:
                      - name: %s/web
                        smoke:
                          http: { port: 8080, path: /, status: 200 }
                          timeout: PT20S
                        rollout: { stopTimeout: PT1S, healthTimeout: PT15S }
                """.formatted(notify.indent(2).stripTrailing(), repo.path(), prefix));
        pipelines.reload();
        assertThat(pipelines.find("notified")).as("pipeline errors: %s", pipelines.errors()).isPresent();
    }

    private Run run() throws InterruptedException {
        long id = runs.start("notified", new RunRequest(List.of(), true), "api", "admin");
        return runs.await(id, Duration.ofMinutes(3));
    }

    @Test
    @Order(1)
    void rolledBackRun_isReportedByWebhookAndEmail_withImageContainerReasonAndLink() throws Exception {
        pipeline("""
                level: failures
                webhook: { url: "%s" }
                email: { to: ["ops@example.test"] }
                """.formatted(HOOK.url()));
        Run first = run();
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        String container = prefix + "-web-1";
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = engine.docker().createContainerCmd(prefix + "/web:latest").withName(container)
                .withLabels(Map.of(Engine.TEST_LABEL, prefix)).withEnv("MODE=live").withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports)).exec().getId();
        engine.docker().startContainerCmd(id).exec();
        // Healthy in the smoke test's container, unhealthy where MODE=live: the live rollover fails and is undone.
        repo.write("Dockerfile", web("web v2", "HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD test \"$MODE\" != live\n")).commit("v2");

        Run rolledBack = run();

        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(RunStatus.ROLLED_BACK);
        String body = HOOK.next();
        assertThat(body).contains("\"event\":\"run-ended\"", "\"id\":" + rolledBack.id(), "\"pipeline\":\"notified\"",
                "\"status\":\"ROLLED_BACK\"", "\"trigger\":\"api\"", "\"name\":\"" + prefix + "/web\"",
                "\"name\":\"" + container + "\",\"outcome\":\"ROLLED_BACK\"", "\"link\":\"" + EXTERNAL + "/runs/" + rolledBack.id() + "\"");
        assertThat(body).as("reason").containsPattern("\"reason\":\"[^\"]*health");
        assertThat(HOOK.bodies).as("the SUCCEEDED run is below level failures").hasSize(1);
        assertThat(SMTP.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[patchrun] notified: run " + rolledBack.id() + " ROLLED_BACK");
        assertThat(mail.getAllRecipients()[0]).hasToString("ops@example.test");
        assertThat(GreenMailUtil.getBody(mail)).contains(prefix + "/web ROLLED_BACK", container + " rolled back",
                EXTERNAL + "/runs/" + rolledBack.id());
        List<Delivery> recorded = waitFor(() -> deliveries.of(rolledBack.id()), 2);
        assertThat(recorded).allMatch(Delivery::delivered).extracting(Delivery::target)
                .containsExactlyInAnyOrder("webhook " + HOOK.url(), "email ops@example.test");
    }

    @Test
    @Order(2)
    void failingReceivers_areRetriedAndRecorded_andTheRunKeepsItsStatus() throws Exception {
        FLAKY.answers.addAll(List.of(500, 500));
        String dead = "http://127.0.0.1:" + freePort() + "/hook?token=s3cret";
        pipeline("""
                level: always
                webhook: { url: "%s" }
                slack: { url: "%s/services/T0/B0/XXX" }
                """.formatted(dead, FLAKY.url()));
        repo.write("Dockerfile", web("web v3", "")).commit("v3");

        Run run = run();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        List<Delivery> recorded = waitFor(() -> deliveries.of(run.id()), 2);
        assertThat(recorded).filteredOn(d -> d.target().startsWith("slack")).singleElement().satisfies(slack -> {
            assertThat(slack.delivered()).isTrue();
            assertThat(slack.attempts()).isEqualTo(3);
            assertThat(slack.target()).doesNotContain("XXX");
        });
        assertThat(FLAKY.bodies).hasSize(3).last().asString().startsWith("{\"text\":\"Patch run " + run.id() + " of pipeline notified ended SUCCEEDED");
        assertThat(recorded).filteredOn(d -> d.target().startsWith("webhook")).singleElement().satisfies(hook -> {
            assertThat(hook.delivered()).isFalse();
            assertThat(hook.attempts()).isEqualTo(4);
            assertThat(hook.message()).contains("could not be reached");
            assertThat(hook.target() + hook.message()).doesNotContain("s3cret");
        });
        assertThat(runs.await(run.id(), Duration.ofSeconds(1)).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    @Order(3)
    void prometheus_countsTheRunsAndTheRollback_forAnyUser_andHealthNamesEngineRegistriesAndScheduler() {
        String rolledBack = "patchrun_runs_total{pipeline=\"notified\",status=\"ROLLED_BACK\"} 1";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/actuator/prometheus").body()).contains(rolledBack));
        HttpResponse<String> metrics = client.getAs("admin", ADMIN_PASSWORD, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains(rolledBack,
                "patchrun_runs_total{pipeline=\"notified\",status=\"SUCCEEDED\"} 2",
                "patchrun_images_rolled_back_total{pipeline=\"notified\"} 1",
                "patchrun_images_built_total{pipeline=\"notified\"} 3",
                "patchrun_build_duration_seconds_count{pipeline=\"notified\"} 3",
                "patchrun_rollover_outage_seconds_count{pipeline=\"notified\"}",
                "patchrun_pending_updates{pipeline=\"notified\"} 0",
                "patchrun_pending_oldest_age_seconds 0");
        assertThat(metrics.body()).containsPattern("patchrun_digest_checks_total\\{registry=\"127.0.0.1:5000\"} [1-9]");

        HttpResponse<String> anonymous = client.get("/actuator/prometheus");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("patchrun_runs_total");

        String health = client.getAs("viewer", VIEWER_PASSWORD, "/actuator/health").body();
        assertThat(health).containsPattern("\"engine\":\\{\"details\":\\{\"host\":\"unix:[^\"]*\",[^{]*\"engines\":\\{\"local\":\\{\"status\":\"UP\"[^}]*}}},\"status\":\"UP\"")
                .containsPattern("\"scheduler\":\\{\"details\":\\{[^}]*},\"status\":\"UP\"")
                .as("the test's second registry, 127.0.0.1:9, never answers")
                .containsPattern("\"registries\":\\{\"details\":\\{\"registries\":\\{\"127.0.0.1:5000\":\"answers\",\"127.0.0.1:9\":\"nothing answers[^}]*}},\"status\":\"DOWN\"");
        assertThat(client.get("/actuator/health").body()).as("no components without a user")
                .contains("\"status\":").doesNotContain("engine", "registries", "scheduler");
    }

    private static <T> List<T> waitFor(Supplier<List<T>> read, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(read::get, seen -> seen.size() >= count);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A webhook receiver on 127.0.0.1: answers what {@link #answers} says, then 200, and keeps every body. */
    private static final class Receiver {
        final HttpServer server;
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(body);
                arrived.add(body);
                Integer status = answers.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        String next() throws InterruptedException {
            String body = arrived.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(body).as("a request to the receiver within 30 s").isNotNull();
            return body;
        }
    }
}
