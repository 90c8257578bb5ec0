package io.patchrun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.DeliveryHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.SkippedContainer;
import io.patchrun.history.VersionHistory;
import io.patchrun.notify.Deliveries;
import io.patchrun.notify.HttpTarget;
import io.patchrun.notify.Notice;
import io.patchrun.testsupport.AppTestBase;

class HistoryApiTest extends AppTestBase {

    @Autowired
    RunHistory runs;
    @Autowired
    VersionHistory versions;
    @Autowired
    BaseHistory bases;
    @Autowired
    DeliveryHistory deliveries;

    @Test
    void run_isShownWithItsImages() {
        long id = runs.queue("history-api", "api", "admin", List.of("hist/web"));
        runs.image(id, new RunImage("hist/web", ImageStatus.DEPLOYED, "20261123-030000-1", "sha256:b", "abc123", 1500L, List.of("web-1"), null,
                List.of(new SkippedContainer("web-2", "not rolled over: it is labelled io.patchrun.enable=false"))));
        runs.finished(id, RunStatus.SUCCEEDED, null);

        HttpResponse<String> response = client.getAs("viewer", VIEWER_PASSWORD, "/api/runs/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":" + id).contains("\"pipeline\":\"history-api\"").contains("\"status\":\"SUCCEEDED\"")
                .contains("\"trigger\":\"api\"").contains("\"name\":\"hist/web\"").contains("\"buildMillis\":1500")
                .contains("\"containers\":[\"web-1\"]").contains("\"commit\":\"abc123\"")
                .contains("\"skipped\":[{\"container\":\"web-2\",\"reason\":\"not rolled over: it is labelled io.patchrun.enable=false\"}]");
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/runs?pipeline=history-api").body()).startsWith("[{\"id\":" + id);
    }

    @Test
    void failedDelivery_isShownOnTheRunPageAndInTheApi_withItsAttemptsAndError_andNoSecretOfItsUrl() throws Exception {
        long id = runs.queue("history-api", "api", "admin", List.of("hist/web"));
        runs.finished(id, RunStatus.FAILED, "1 failed");
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", exchange -> {
            byte[] body = ("nothing at " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        hook.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook/T0/s3cretHookT0ken?key=k3y-s3cret-value");
            new Deliveries(List.of(Duration.ZERO, Duration.ZERO), duration -> { }, Clock.systemUTC(), deliveries)
                    .deliver(new Notice(id, "history-api", "Run failed", "Run failed", "{}"), HttpTarget.webhook(url, HttpClient.newHttpClient()));
        } finally {
            hook.stop(0);
        }
        String shown = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook/…";

        String api = client.getAs("viewer", VIEWER_PASSWORD, "/api/runs/" + id).body();
        assertThat(api).contains("\"deliveries\":[{\"kind\":\"webhook\",\"target\":\"" + shown + "\",\"status\":\"FAILED\",\"attempts\":3,")
                .contains("answered HTTP 503: nothing at /hook/…?…").doesNotContain("s3cret");
        client.login("viewer", VIEWER_PASSWORD);
        String page = client.get("/runs/" + id).body();
        String row = page.substring(page.indexOf("id=\"delivery-1\""));
        assertThat(row).contains(">webhook<").contains(shown).contains(">FAILED<").contains(">3<").contains("answered HTTP 503: nothing at /hook/…?…");
        assertThat(page).doesNotContain("s3cret");
    }

    @Test
    void run_unknown_is404Json() {
        HttpResponse<String> response = client.getAs("viewer", VIEWER_PASSWORD, "/api/runs/999999");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"not_found\",\"detail\":\"no run with id 999999\"}");
    }

    @Test
    void runs_badStatusOrPage_is400Json() {
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/runs?status=DONE").body())
                .contains("\"error\":\"bad_request\"").contains("status 'DONE' is not one of");
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/runs?limit=0").statusCode()).isEqualTo(400);
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/runs/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void versions_acceptEncodedSlashAndDoubleDash() {
        versions.add(new ImageVersion("hist/api", "t1", "sha256:1", "sha256:b1", "c1", Instant.parse("2026-11-22T03:00:00Z"), null, true, false));

        for (String path : List.of("/api/images/hist%2Fapi/versions", "/api/images/hist--api/versions")) {
            HttpResponse<String> response = client.getAs("viewer", VIEWER_PASSWORD, path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"tag\":\"t1\"").contains("\"current\":true").contains("\"builtAt\":\"2026-11-22T03:00:00Z\"");
        }
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/images/hist--none/versions").statusCode()).isEqualTo(404);
    }

    @Test
    void bases_listEveryWatchedReference() {
        bases.seen("127.0.0.1:5000/hist/base:stable", "sha256:" + "c".repeat(64));

        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/bases").body())
                .contains("\"ref\":\"127.0.0.1:5000/hist/base:stable\"").contains("\"digest\":\"sha256:ccc").contains("\"checkedAt\":");
    }
}
