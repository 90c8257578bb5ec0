package io.patchrun.status;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import io.patchrun.watch.RegistryEndpoints;

/** Asks a registry's {@code /v2/} base endpoint whether it answers, where digest checks would reach it. */
final class RegistryProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RegistryStatus probe(String address) {
        URI uri = RegistryEndpoints.base(address).resolve("/v2/");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return code == 200 || code == 401
                    ? new RegistryStatus(address, true, null)
                    : new RegistryStatus(address, false, "GET " + uri + " answered HTTP " + code);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return new RegistryStatus(address, false, "nothing answers at " + uri + " (is the registry running? config/engine.sh up starts one)");
        } catch (HttpTimeoutException e) {
            return new RegistryStatus(address, false, "GET " + uri + " timed out after " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new RegistryStatus(address, false, "GET " + uri + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RegistryStatus(address, false, "interrupted while asking " + uri);
        }
    }
}
