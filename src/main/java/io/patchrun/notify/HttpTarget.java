package io.patchrun.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.patchrun.pipeline.Redaction;

/** A notice POSTed as JSON: the generic payload, or Slack's {@code {"text": ...}} (which Mattermost and Rocket.Chat take too). */
public final class HttpTarget implements Target {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String kind;
    private final URI url;
    private final HttpClient http;
    private final Function<Notice, String> body;

    private HttpTarget(String kind, URI url, HttpClient http, Function<Notice, String> body) {
        this.kind = kind;
        this.url = url;
        this.http = http;
        this.body = body;
    }

    public static HttpTarget webhook(URI url, HttpClient http) {
        return new HttpTarget("webhook", url, http, Notice::json);
    }

    public static HttpTarget slack(URI url, HttpClient http) {
        return new HttpTarget("slack", url, http, notice -> Json.write(Map.of("text", notice.text())));
    }

    @Override
    public String describe() {
        return kind + " " + Redaction.url(url);
    }

    @Override
    public void send(Notice notice) throws DeliveryException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "patchrun")
                .POST(HttpRequest.BodyPublishers.ofString(body.apply(notice))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The JDK's messages may quote the request URI; the secret in it must not reach a log.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : withoutSecrets(e.getMessage());
            throw new DeliveryException(describe() + " could not be reached: " + why);
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : withoutSecrets(response.body().strip());
            throw new DeliveryException(describe() + " answered HTTP " + response.statusCode()
                    + (answer.isEmpty() ? "" : ": " + answer.substring(0, Math.min(200, answer.length()))));
        }
    }

    /**
     * {@code text} (an error, the target's answer) without what the URL keeps secret: the URL itself, and its user
     * info, query, the path after its first segment (each at least 4 characters), and every such path segment or
     * query value of 8 characters or more on its own, since a server may well quote the path of a request it
     * refused, or just its token.
     */
    private String withoutSecrets(String text) {
        String cleaned = Redaction.urlsIn(text.replace(url.toString(), Redaction.url(url)));
        List<String> secrets = new ArrayList<>();
        for (String part : new String[] {url.getRawUserInfo(), url.getUserInfo(), url.getRawQuery(), url.getQuery()}) {
            if (part != null && !part.isEmpty()) {
                secrets.add(part);
            }
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        int second = path.indexOf('/', 1);
        if (second > 0 && second < path.length() - 1) {
            secrets.add(path.substring(second));
            Arrays.stream(path.substring(second).split("/")).filter(segment -> segment.length() >= 8).forEach(secrets::add);
        }
        if (url.getRawQuery() != null) {
            Arrays.stream(url.getRawQuery().split("&")).map(pair -> pair.substring(pair.indexOf('=') + 1))
                    .filter(value -> value.length() >= 8).forEach(secrets::add);
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : secrets) {
            // Shorter parts are no secret worth the text they would garble.
            if (secret.length() >= 4) {
                cleaned = cleaned.replace(secret, secret.startsWith("/") ? "/…" : "…");
            }
        }
        return cleaned;
    }
}
