package io.patchrun.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

/** What containers serve on the ports they publish on 127.0.0.1. */
public final class LocalHttp {

    private static final Duration RETRY = Duration.ofMillis(100);

    private LocalHttp() {
    }

    /**
     * The body of a 200 answer to {@code GET /} on 127.0.0.1:{@code port}, asked again every 100 ms while nothing
     * answers or the answer is not a 200, as happens while a container starts.
     *
     * @throws AssertionError when no 200 came within {@code within}, with the last failure as its cause
     */
    public static String answer(int port, Duration within) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(within);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(RETRY.toMillis());
        }
        throw new AssertionError("no 200 from " + uri + " within " + within, last);
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
