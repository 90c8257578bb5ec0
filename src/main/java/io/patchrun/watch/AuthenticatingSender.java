package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Sends a registry request with the right credentials, answering at most one authentication challenge. */
final class AuthenticatingSender {

    private static final String AUTHORIZATION = "Authorization";

    private final RegistryHttp http;
    private final Authorizer authorizer;

    AuthenticatingSender(RegistryHttp http, Authorizer authorizer) {
        this.http = http;
        this.authorizer = authorizer;
    }

    /**
     * The registry's answer to the request: on a 401 the challenge is answered and the request sent once more.
     *
     * @throws RegistryException AUTH_REFUSED on a 403, or on a 401 to the authenticated retry
     */
    <T> HttpResponse<T> send(ImageRef ref, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        Optional<String> upfront = authorizer.upfront(ref);
        HttpResponse<T> response = http.send(ref, authorized(request, upfront), body);
        if (response.statusCode() == 401) {
            Challenge challenge = Challenge.select(response.headers().allValues("WWW-Authenticate"))
                    .orElseThrow(() -> Failures.protocol(ref, "answered HTTP 401 to " + describe(response)
                            + " without a Bearer or Basic challenge to answer"));
            String authorization = authorizer.answer(ref, challenge, upfront);
            return refusedOrAnswered(ref, http.send(ref, authorized(request, Optional.of(authorization)), body));
        }
        return refusedOrAnswered(ref, response);
    }

    private <T> HttpResponse<T> refusedOrAnswered(ImageRef ref, HttpResponse<T> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw authorizer.refused(ref, "HTTP " + response.statusCode() + " to " + describe(response));
        }
        return response;
    }

    private static HttpRequest authorized(HttpRequest.Builder request, Optional<String> authorization) {
        HttpRequest.Builder copy = request.copy();
        authorization.ifPresent(value -> copy.setHeader(AUTHORIZATION, value));
        return copy.build();
    }

    private static String describe(HttpResponse<?> response) {
        return response.request().method() + " " + response.uri().getRawPath();
    }
}
