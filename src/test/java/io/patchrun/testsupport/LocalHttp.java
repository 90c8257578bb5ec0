package io.patchrun.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

import static org.awaitility.Awaitility.await;

/** What containers serve on the ports they publish on 127.0.0.1. */
public final class LocalHttp {

    private static final Duration RETRY = Duration.ofMillis(100);

    private LocalHttp() {
    }

    /**
     * The body of a 200 answer to {@code GET /} on 127.0.0.1:{@code port}, asked again every 100 ms while nothing
     * answers or the answer is not a 200, as happens while a container starts.
     *
     * @throws org.awaitility.core.ConditionTimeoutException when no 200 came within {@code within}, naming the last
     *                                                       answer, or with the last failure to connect as its cause
     */
    public static String answer(int port, Duration within) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        return await("a 200 from " + uri).atMost(within).pollDelay(Duration.ZERO).pollInterval(RETRY)
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> get(client, uri), answer -> answer.status() == 200)
                .body();
    }

    private static Answer get(HttpClient client, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private record Answer(int status, String body) {

        @Override
        public String toString() {
            return "HTTP " + status + ": " + body;
        }
    }

    /** The host port the engine published the container's TCP port {@code containerPort} on. */
    public static int publishedPort(InspectContainerResponse container, int containerPort) {
        Ports.Binding[] bindings = container.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0) {
            throw new AssertionError("container " + container.getName() + " publishes no host port for " + containerPort + "/tcp");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }
}
