package io.patchrun.rollout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.container.LiveContainer;
import io.patchrun.container.PublishedPort;

import static org.assertj.core.api.Assertions.assertThat;

class HttpReadinessTest {

    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void check_passes_whenPublishedPortAnswersExpectedStatus() {
        assertThat(ReadinessCheck.http(8080, "/ok", 200).check(published("0.0.0.0")).passed()).isTrue();
    }

    @Test
    void check_fails_withTheStatusItGot() {
        ReadinessCheck.Outcome outcome = ReadinessCheck.http(8080, "/busy", 200).check(published("127.0.0.1"));

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.detail()).isEqualTo("GET http://127.0.0.1:" + port() + "/busy answered HTTP 503, expected 200");
    }

    @Test
    void check_fails_whenPortIsNotPublished() {
        ReadinessCheck.Outcome outcome = ReadinessCheck.http(9090, "/ok", 200).check(published("127.0.0.1"));

        assertThat(outcome.detail()).isEqualTo("port 9090/tcp of container web is not published on the host");
    }

    private LiveContainer published(String hostIp) {
        return new LiveContainer("c0ffee", "web", List.of(new PublishedPort("8080/tcp", hostIp, port())));
    }

    private int port() {
        return server.getAddress().getPort();
    }
}
