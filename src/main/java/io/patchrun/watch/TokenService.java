package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks a registry's token service (the realm of a Bearer challenge) for a token, as the Docker token spec says. */
final class TokenService {

    /** The lifetime the token spec gives a token whose answer has no {@code expires_in}. */
    static final long DEFAULT_LIFETIME_SECONDS = 60;

    private final RegistryHttp http;
    private final RegistryLogins logins;
    private final Clock clock;

    TokenService(RegistryHttp http, RegistryLogins logins, Clock clock) {
        this.http = http;
        this.logins = logins;
        this.clock = clock;
    }

    /** Fetches a token for the challenge's scope, anonymously or with the registry's login when there is one. */
    TokenCache.Token fetch(ImageRef ref, Challenge challenge) {
        URI uri = tokenUri(ref, challenge);
        Optional<RegistryCredentials> login = Authorizer.login(logins, ref);
        if (login.isPresent() && "http".equals(uri.getScheme()) && !RegistryEndpoints.loopback(uri.getHost())) {
            throw Failures.protocol(ref, "wants the login sent to a token service over plain http (" + origin(uri)
                    + "), which patchrun refuses so that the password cannot be overheard");
        }
        HttpRequest.Builder request = http.request(uri).GET();
        login.ifPresent(credentials -> request.header("Authorization", credentials.basicAuthorization()));
        Instant asked = clock.instant();
        HttpResponse<String> response = http.send(ref, request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw Failures.authRefused(ref, "its token service " + origin(uri) + " answered HTTP " + status, login,
                    logins.whatToConfigure(ref.registry(), login));
        }
        if (status != 200) {
            throw Failures.protocol(ref, "has a token service " + origin(uri) + " that answered HTTP " + status);
        }
        return parse(ref, response.body(), asked);
    }

    private static URI tokenUri(ImageRef ref, Challenge challenge) {
        String realm = challenge.param("realm");
        StringBuilder query = new StringBuilder();
        append(query, "service", challenge.param("service"));
        append(query, "scope", challenge.param("scope"));
        String separator = query.length() == 0 ? "" : realm.contains("?") ? "&" : "?";
        try {
            URI uri = new URI(realm + separator + query);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(realm, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw Failures.protocol(ref, "sent a Bearer challenge whose realm '" + realm + "' is not a usable URL", e);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!value.isEmpty()) {
            query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** Reads {@code token} (or the OAuth2 {@code access_token}) and {@code expires_in}, counted from when we asked. */
    private static TokenCache.Token parse(ImageRef ref, String body, Instant asked) {
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            throw Failures.protocol(ref, "has a token service that answered with something other than JSON", e);
        }
        String token = json.path("token").asString("");
        if (token.isEmpty()) {
            token = json.path("access_token").asString("");
        }
        if (token.isEmpty()) {
            throw Failures.protocol(ref, "has a token service whose answer holds neither 'token' nor 'access_token'");
        }
        long lifetime = json.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS);
        return new TokenCache.Token(token, asked.plusSeconds(lifetime > 0 ? lifetime : DEFAULT_LIFETIME_SECONDS));
    }
}
