package io.patchrun.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/**
 * The local registry that wants a login, which {@code config/engine.sh up} starts on 127.0.0.1:5001 with one
 * user, for the tests of private registries. Everything a test class pushes there goes under its
 * {@link Engine#token()}, and {@link #close()} deletes every manifest of those repositories, whoever pushed them.
 */
public final class LoginRegistry implements AutoCloseable {

    public static final String ADDRESS = "127.0.0.1:5001";
    /** The login {@code config/engine.sh} gives the registry. */
    public static final String USER = "patchrun";
    public static final String PASSWORD = "local-test-login";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Engine engine;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private LoginRegistry(Engine engine) {
        this.engine = engine;
    }

    /**
     * The registry, for a class whose engine is {@code engine}; the test is skipped when the registry does not
     * answer, or fails under {@code CI=true}, as {@link RealEngine} does for the engine.
     */
    public static LoginRegistry open(Engine engine) {
        String problem = unavailableReason();
        if (problem != null) {
            String message = "no registry that wants a login on " + ADDRESS + " (" + problem + "); run config/engine.sh up";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            throw new TestAbortedException(message);
        }
        return new LoginRegistry(engine);
    }

    private static String unavailableReason() {
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<Void> anonymous = client.send(request("/v2/").build(), HttpResponse.BodyHandlers.discarding());
            if (anonymous.statusCode() != 401) {
                return "it answered HTTP " + anonymous.statusCode() + " without a login, not 401";
            }
            HttpResponse<Void> user = client.send(authorized(request("/v2/")).build(), HttpResponse.BodyHandlers.discarding());
            return user.statusCode() == 200 ? null : "it answered HTTP " + user.statusCode() + " to user " + USER;
        } catch (IOException e) {
            return "it does not answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The login as the engine takes it. */
    public static AuthConfig authConfig() {
        return new AuthConfig().withRegistryAddress(ADDRESS).withUsername(USER).withPassword(PASSWORD);
    }

    /** {@code base64(user:password)}: what an {@code auth} entry of a Docker config file holds, and what Basic sends. */
    public static String basicToken() {
        return Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A repository name unique to this test class's run: {@code 127.0.0.1:5001/<token>/<name>}. */
    public String name(String name) {
        return ADDRESS + "/" + engine.token() + "/" + name;
    }

    /**
     * Makes a busybox base (see {@link Engine#makeBase}), pushes it here as {@code 127.0.0.1:5001/<token>/<name>:<tag>}
     * with the login, and removes it from the engine, so that only a pull with the login brings it back.
     *
     * @return the pushed reference, with the digest this registry serves
     */
    public ImageRef pushBase(String name, String tag) {
        ImageRef local = engine.makeBase(name, tag);
        ImageRef here = ImageRef.parse(name(name) + ":" + tag);
        engine.docker().tagImageCmd(local.familiarName() + ":" + tag, here.familiarName(), tag).exec();
        push(here);
        engine.docker().removeImageCmd(here.familiar()).withForce(true).exec();
        engine.docker().removeImageCmd(local.familiarName() + ":" + tag).withForce(true).exec();
        return here.withDigest(digest(here));
    }

    /** Pushes a tag the engine has, with the login. */
    public void push(ImageRef tagged) {
        try {
            engine.docker().pushImageCmd(tagged.familiarName()).withTag(tagged.tag()).withAuthConfig(authConfig())
                    .exec(new ResultCallback.Adapter<PushResponseItem>() {
                        @Override
                        public void onNext(PushResponseItem item) {
                            if (item.getErrorDetail() != null) {
                                throw new IllegalStateException("push of " + tagged + " failed: " + item.getErrorDetail().getMessage());
                            }
                        }
                    }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + tagged, e);
        }
    }

    /** What this registry serves for {@code name:tag} now, by a HEAD of its manifest with the login. */
    public Digest digest(ImageRef tagged) {
        HttpRequest head = authorized(request("/v2/" + tagged.repository() + "/manifests/" + tagged.tag()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build();
        HttpResponse<Void> response = send(head, HttpResponse.BodyHandlers.discarding());
        return Digest.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow(() -> new IllegalStateException(
                "HEAD " + head.uri() + " gave HTTP " + response.statusCode() + " and no digest")));
    }

    /** Deletes every manifest of this run's repositories here. */
    @Override
    public void close() {
        JsonNode catalog = JSON.readTree(send(authorized(request("/v2/_catalog?n=10000")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode repository : catalog.path("repositories")) {
            String name = repository.asString();
            if (name.startsWith(engine.token() + "/")) {
                deleteAll(name);
            }
        }
    }

    private void deleteAll(String repository) {
        JsonNode tags = JSON.readTree(send(authorized(request("/v2/" + repository + "/tags/list")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<Digest> digests = new ArrayList<>();
        for (JsonNode tag : tags.path("tags")) {
            digests.add(digest(ImageRef.parse(ADDRESS + "/" + repository + ":" + tag.asString())));
        }
        for (Digest digest : digests.stream().distinct().toList()) {
            send(authorized(request("/v2/" + repository + "/manifests/" + digest.value())).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + ADDRESS + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + basicToken());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }
}
