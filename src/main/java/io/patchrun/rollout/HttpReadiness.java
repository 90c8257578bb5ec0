package io.patchrun.rollout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.patchrun.container.LiveContainer;
import io.patchrun.container.PublishedPort;

/** {@link ReadinessCheck#http}: a GET against the port the container publishes on the host. */
final class HttpReadiness implements ReadinessCheck {

    private final String containerPort;
    private final String path;
    private final int status;
    private final Duration requestTimeout;
    private final HttpClient client;

    HttpReadiness(String containerPort, String path, int status, Duration requestTimeout) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP readiness path must start with '/': " + path);
        }
        this.containerPort = containerPort;
        this.path = path;
        this.status = status;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    @Override
    public Outcome check(LiveContainer container) {
        Optional<PublishedPort> published = container.published(containerPort);
        if (published.isEmpty()) {
            return Outcome.fail("port " + containerPort + " of container " + container.name() + " is not published on the host");
        }
        URI uri = URI.create("http://" + published.get().reachableHost() + ":" + published.get().hostPort() + path);
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(requestTimeout).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == status ? Outcome.pass()
                    : Outcome.fail("GET " + uri + " answered HTTP " + response.statusCode() + ", expected " + status);
        } catch (IOException e) {
            return Outcome.fail("GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.fail("interrupted during GET " + uri);
        }
    }
}
