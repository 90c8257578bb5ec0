package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/** Sends requests on behalf of one image reference, counts them, and turns transport failures into ours. */
final class RegistryHttp {

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final AtomicLong requests = new AtomicLong();

    RegistryHttp(Duration connectTimeout, Duration requestTimeout) {
        // Redirects are not followed so that an Authorization header never travels to a host it was not meant for.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    <T> HttpResponse<T> send(ImageRef ref, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        requests.incrementAndGet();
        try {
            return client.send(request, body);
        } catch (HttpConnectTimeoutException e) {
            throw Failures.unreachable(ref, request.uri(), "no connection within " + readable(connectTimeout), e);
        } catch (HttpTimeoutException e) {
            throw Failures.unreachable(ref, request.uri(), "no answer to " + request.method() + " within " + readable(requestTimeout), e);
        } catch (ConnectException e) {
            throw Failures.unreachable(ref, request.uri(), connectFailure(e), e);
        } catch (SSLException e) {
            throw Failures.protocol(ref, "failed the TLS handshake at " + request.uri() + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw Failures.unreachable(ref, request.uri(), e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.unreachable(ref, request.uri(), "interrupted while waiting for the answer", e);
        }
    }

    long requestCount() {
        return requests.get();
    }

    /** The JDK client gives a refused connection and an unknown host no message, so say which it was. */
    private static String connectFailure(ConnectException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "its host name does not resolve";
            }
        }
        return e.getMessage() != null ? e.getMessage() : "connection refused";
    }

    private static String readable(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
