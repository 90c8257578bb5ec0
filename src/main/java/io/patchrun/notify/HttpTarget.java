package io.patchrun.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(url.toString(), Redaction.url(url));
            throw new DeliveryException(describe() + " could not be reached: " + why);
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new DeliveryException(describe() + " answered HTTP " + response.statusCode()
                    + (answer.isEmpty() ? "" : ": " + answer.substring(0, Math.min(200, answer.length()))));
        }
    }
}
