package io.patchrun.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.patchrun.pipeline.HttpCheck;

/** Polls a GET on the published port until it is answered with the expected status. */
final class HttpStatusCheck implements SmokeCheck {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** The shortest wait for an answer, even when the smoke test's time is all but up: a last look. */
    private static final Duration LAST_LOOK = Duration.ofMillis(200);

    private final HttpCheck spec;
    private final HttpClient http;
    private final CheckLoop loop;

    HttpStatusCheck(HttpCheck spec, HttpClient http, CheckLoop loop) {
        this.spec = spec;
        this.http = http;
        this.loop = loop;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        // Looked up inside the first attempt, after the exit check: a container that died at once has no port.
        AtomicReference<URI> uri = new AtomicReference<>();
        return loop.until("http", container, () -> get(uri.updateAndGet(known -> known != null ? known
                : URI.create("http://127.0.0.1:" + container.hostPort(spec.port()) + spec.path()))));
    }

    private CheckLoop.Verdict get(URI uri) throws InterruptedException {
        String request = "GET " + uri;
        try {
            int status = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            String answer = request + " answered " + status;
            return status == spec.status() ? CheckLoop.Verdict.pass(answer) : CheckLoop.Verdict.retry(answer + ", expected " + spec.status());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return CheckLoop.Verdict.retry(request + " got no answer (" + why + "), expected " + spec.status());
        }
    }

    /** A request never runs far past the smoke test's timeout. */
    private Duration requestTimeout() {
        Duration left = loop.left();
        return left.compareTo(REQUEST_TIMEOUT) > 0 ? REQUEST_TIMEOUT : left.compareTo(LAST_LOOK) < 0 ? LAST_LOOK : left;
    }
}
