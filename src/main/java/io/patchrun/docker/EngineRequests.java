package io.patchrun.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

/**
 * Calls of the engine's API with raw JSON bodies, over the same connection as docker-java's typed calls: a
 * container is created with the settings exactly as the engine reported them, where docker-java's typed model
 * would drop those it does not know ({@code MaskedPaths}, an endpoint's {@code DriverOpts}, ...). Errors are
 * docker-java's exceptions, as from a typed call.
 */
final class EngineRequests {

    private final DockerHttpClient http;

    private EngineRequests(DockerHttpClient http) {
        this.http = http;
    }

    /** The raw calls of a client made by {@link DockerClients#connect(String)}. */
    static EngineRequests of(DockerClient docker) {
        if (docker instanceof DockerClientImpl client) {
            return new EngineRequests(client.getHttpClient());
        }
        throw new IllegalArgumentException("not a docker-java client with an HTTP transport: " + docker.getClass().getName());
    }

    /**
     * POSTs {@code body} as JSON to {@code path} (with its query) and returns the engine's JSON answer, empty when it
     * sent no JSON object.
     */
    Map<String, Object> post(String path, Map<String, Object> body) {
        try {
            DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST).path(path)
                    .putHeader("Content-Type", "application/json").bodyBytes(EngineSettings.JSON.writeValueAsBytes(body)).build();
            try (DockerHttpClient.Response response = http.execute(request)) {
                byte[] answer = response.getBody() == null ? new byte[0] : response.getBody().readAllBytes();
                if (response.getStatusCode() / 100 != 2) {
                    throw failure(response.getStatusCode(), message(answer));
                }
                return isObject(answer) ? EngineSettings.JSON.readValue(answer, EngineSettings.OBJECT) : Map.of();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " to the engine failed", e);
        }
    }

    /** GETs {@code path} (with its query) and returns the engine's JSON answer: an object, a list, or {@code null} for none. */
    Object get(String path) {
        try {
            DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
            try (DockerHttpClient.Response response = http.execute(request)) {
                byte[] answer = response.getBody() == null ? new byte[0] : response.getBody().readAllBytes();
                if (response.getStatusCode() / 100 != 2) {
                    throw failure(response.getStatusCode(), message(answer));
                }
                return answer.length == 0 ? null : EngineSettings.JSON.readValue(answer, Object.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from the engine failed", e);
        }
    }

    /** Whether the engine answered a JSON object: some calls answer nothing, or a bare {@code OK}. */
    private static boolean isObject(byte[] answer) {
        return new String(answer, StandardCharsets.UTF_8).strip().startsWith("{");
    }

    /** The engine's {@code {"message": ...}}, or the answer as it is. */
    private static String message(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8).strip();
        try {
            if (EngineSettings.JSON.readValue(answer, EngineSettings.OBJECT).get("message") instanceof String message) {
                return message;
            }
        } catch (IOException e) {
            // Not JSON: the text is the message.
        }
        return text;
    }

    private static DockerException failure(int status, String message) {
        return switch (status) {
            case 400 -> new BadRequestException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(message);
            case 500 -> new InternalServerErrorException(message);
            default -> new DockerException(message, status);
        };
    }
}
