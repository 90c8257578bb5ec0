package io.patchrun.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Polls a GET on the published port until it is answered with the expected status. */
final class HttpStatusCheck implements SmokeCheck {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final HttpCheck spec;
    private final Duration timeout;
    private final HttpClient http;
    private final Polling polling;

    HttpStatusCheck(HttpCheck spec, Duration timeout, HttpClient http, Polling polling) {
        this.spec = spec;
        this.timeout = timeout;
        this.http = http;
        this.polling = polling;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        // Looked up inside the first attempt, after the exit check: a container that died at once has no port.
        AtomicReference<URI> uri = new AtomicReference<>();
        return polling.until("http", container, timeout, () -> get(uri.updateAndGet(known -> known != null ? known
                : URI.create("http://127.0.0.1:" + container.hostPort(spec.port()) + spec.path()))));
    }

    private Polling.Verdict get(URI uri) throws InterruptedException {
        String request = "GET " + uri;
        try {
            int status = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            String answer = request + " answered " + status;
            return status == spec.status() ? Polling.Verdict.pass(answer) : Polling.Verdict.retry(answer + ", expected " + spec.status());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return Polling.Verdict.retry(request + " got no answer (" + why + "), expected " + spec.status());
        }
    }
}
