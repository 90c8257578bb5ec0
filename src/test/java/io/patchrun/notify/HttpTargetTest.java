package io.patchrun.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook that refuses a notice: its answer is quoted in the error, without the secrets of the target's URL. */
class HttpTargetTest {

    private static final Notice NOTICE = new Notice(7, "demo", "Run 7 of demo FAILED", "Run 7 of demo FAILED", "{\"id\":7}");

    private HttpServer server;

    @BeforeEach
    void refusingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Like many servers, it quotes what it was asked for: the full URL, the path and query, and the token alone.
        server.createContext("/", exchange -> {
            URI asked = exchange.getRequestURI();
            String token = asked.getPath().substring(asked.getPath().lastIndexOf('/') + 1);
            byte[] body = ("no hook at http://" + exchange.getRequestHeaders().getFirst("Host") + asked + " (" + asked
                    + "); unknown token " + token).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void refusedNotice_quotesTheAnswer_withoutTheUrlsPathQueryOrToken() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0/Zq8s3cretT0ken?key=abcdef123456");

        assertThatThrownBy(() -> HttpTarget.webhook(url, HttpClient.newHttpClient()).send(NOTICE))
                .isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("webhook http://127.0.0.1:" + server.getAddress().getPort() + "/hook/… answered HTTP 404: no hook at ")
                        .contains("unknown token …").contains("(/hook/…?…)")
                        .doesNotContain("Zq8s3cretT0ken").doesNotContain("abcdef123456"));
    }
}
