package io.patchrun.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

class RegistryProbeTest {

    /** 127.0.0.2 is loopback too: the probe reaches it over plain http, as the digest checks do. */
    @Test
    void probe_reachesARegistryAnywhereOnLoopback_overPlainHttp_andCountsA401AsAnswering() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            String address = "127.0.0.2:" + server.getAddress().getPort();

            assertThat(new RegistryProbe().probe(address)).isEqualTo(new RegistryStatus(address, true, null));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void probe_saysNothingAnswers_namingTheUrl() {
        RegistryStatus status = new RegistryProbe().probe("127.0.0.2:9");

        assertThat(status.answers()).isFalse();
        assertThat(status.problem()).startsWith("nothing answers at http://127.0.0.2:9/v2/");
    }
}
