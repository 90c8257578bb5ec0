package io.patchrun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ProberTest {

    @Test
    void serverDownForAWhile_isMeasuredAsAGapAtLeastThatLong() throws Exception {
        Server before = new Server(0);
        int port = before.port();
        Prober prober = new Prober(Map.of("web", port), Duration.ofMillis(20), Duration.ofMinutes(1)).start();
        await().until(() -> before.served() > 0);
        before.close();
        // The outage the prober is to measure: a time, not an event.
        Thread.sleep(400);
        Server after = new Server(port);
        await().until(() -> after.served() > 0);

        Map<String, Duration> gaps = prober.stop();
        after.close();

        assertThat(gaps.get("web")).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(30));
        assertThat(prober.attempts()).isGreaterThanOrEqualTo(before.served() + after.served());
    }

    @Test
    void portThatNeverAnswers_isAGapAsLongAsTheProbing() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Prober prober = new Prober(Map.of("gone", closed), Duration.ofMillis(20), Duration.ofMinutes(1)).start();
        // How long the prober probes: the gap it is to report.
        Thread.sleep(300);

        assertThat(prober.stop().get("gone")).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Prober.answers(closed)).isFalse();
    }

    @Test
    void answer_countsOnlyWithStatus200() throws Exception {
        try (Server ok = new Server(0); Server missing = new Server(0, "HTTP/1.0 404 Not Found")) {
            assertThat(Prober.answers(ok.port())).isTrue();
            assertThat(Prober.answers(missing.port())).isFalse();
        }
    }

    /** Answers every connection with one status line, on its own thread, until closed. */
    private static final class Server implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger served = new AtomicInteger();

        Server(int port) throws IOException {
            this(port, "HTTP/1.0 200 OK");
        }

        Server(int port, String status) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread thread = new Thread(() -> serve(status), "test-http-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** How many answers it has given. */
        int served() {
            return served.get();
        }

        private void serve(String status) {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.getInputStream().read(new byte[512]);
                    OutputStream out = client.getOutputStream();
                    out.write((status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    served.incrementAndGet();
                } catch (IOException e) {
                    // Closed by the test, or a probe that gave up: either way, the next accept decides.
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
