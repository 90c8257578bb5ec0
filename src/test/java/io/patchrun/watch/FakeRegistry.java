package io.patchrun.watch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.patchrun.image.ImageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry on a loopback port that can demand a Bearer token (with its own token endpoint) or Basic
 * credentials, and can leave the digest out of its HEAD answers: the cases the local distribution
 * registry does not show. It serves manifests only and records every request it gets.
 */
final class FakeRegistry implements AutoCloseable {

    enum Auth { NONE, BEARER, BASIC }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer with a body
        // waits some 40 ms for a delayed ACK, which would swamp what the benchmark measures.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> scopeOfToken = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCount = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Auth auth = Auth.NONE;
    private volatile String login;
    private volatile Long tokenLifetimeSeconds;
    private volatile String tokenField = "token";
    private volatile boolean digestOnHead = true;
    private volatile boolean tokensAccepted = true;
    private volatile int failure;
    private volatile String scopePrefix = "";
    private volatile String realm;

    FakeRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("starting a fake registry on a loopback port failed", e);
        }
        server.setExecutor(executor);
        server.createContext("/v2/", this::registry);
        server.createContext("/token", this::token);
        server.start();
    }

    /** {@code 127.0.0.1:port}, as an image reference names it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    ImageRef ref(String repositoryAndTag) {
        return ImageRef.parse(address() + "/" + repositoryAndTag);
    }

    /** Serves the bytes as the manifest of {@code repository:tag} and returns their digest. */
    String putManifest(String repository, String tag, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        manifests.put(repository + ":" + tag, bytes);
        return sha256(bytes);
    }

    /** Demands Bearer tokens; {@code lifetimeSeconds} null leaves {@code expires_in} out of token answers. */
    FakeRegistry bearer(Long lifetimeSeconds) {
        this.auth = Auth.BEARER;
        this.tokenLifetimeSeconds = lifetimeSeconds;
        return this;
    }

    FakeRegistry basic() {
        this.auth = Auth.BASIC;
        return this;
    }

    /** Accepts only this login, at the token endpoint or as Basic credentials. */
    FakeRegistry login(String username, String password) {
        this.login = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    FakeRegistry tokenField(String name) {
        this.tokenField = name;
        return this;
    }

    FakeRegistry withoutDigestOnHead() {
        this.digestOnHead = false;
        return this;
    }

    /** Scopes tokens as {@code repository:<prefix><name>:pull}, a pattern a client cannot guess from the name alone. */
    FakeRegistry scopePrefix(String prefix) {
        this.scopePrefix = prefix;
        return this;
    }

    /** Names another token service in its challenges than its own {@code /token}. */
    FakeRegistry realm(String url) {
        this.realm = url;
        return this;
    }

    /** Issues tokens the registry then refuses, as Docker Hub does for a private repository and an anonymous token. */
    void refuseTokens() {
        this.tokensAccepted = false;
    }

    /** Answers every registry request with this status, as a broken registry would. */
    void failWith(int status) {
        this.failure = status;
    }

    /** Makes every token issued so far invalid, as a registry whose signing key rotated would. */
    void revokeTokens() {
        scopeOfToken.clear();
    }

    int tokensIssued() {
        return tokenCount.get();
    }

    /** Every request so far as {@code METHOD path}, in arrival order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void registry(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        if (failure != 0) {
            respond(exchange, failure, new byte[0]);
            return;
        }
        if (!authorized(exchange)) {
            challenge(exchange);
            return;
        }
        String path = exchange.getRequestURI().getPath().substring("/v2/".length());
        if (path.endsWith("/tags/list")) {
            tagList(exchange, path.substring(0, path.length() - "/tags/list".length()));
            return;
        }
        String[] parts = path.split("/manifests/");
        byte[] manifest = parts.length == 2 ? manifests.get(parts[0] + ":" + parts[1]) : null;
        if (manifest == null) {
            respond(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json");
        if (digestOnHead || !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Docker-Content-Digest", sha256(manifest));
        }
        respond(exchange, 200, manifest);
    }

    private void tagList(HttpExchange exchange, String repository) throws IOException {
        boolean known = manifests.keySet().stream().anyMatch(key -> key.startsWith(repository + ":"));
        respond(exchange, known ? 200 : 404, (known ? "{\"name\":\"" + repository + "\",\"tags\":[]}"
                : "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private boolean authorized(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return switch (auth) {
            case NONE -> true;
            case BASIC -> given != null && given.equals(login);
            case BEARER -> given != null && given.startsWith("Bearer ")
                    && scope(repositoryOf(exchange)).equals(scopeOfToken.get(given.substring(7)));
        };
    }

    private void challenge(HttpExchange exchange) throws IOException {
        String tokenService = realm != null ? realm : "http://" + address() + "/token";
        String challenge = auth == Auth.BASIC ? "Basic realm=\"fake\""
                : "Bearer realm=\"" + tokenService + "\",service=\"fake-registry\","
                        + "scope=\"" + scope(repositoryOf(exchange)) + "\"";
        exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
        respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
    }

    private void token(HttpExchange exchange) throws IOException {
        requests.add("GET /token?" + exchange.getRequestURI().getQuery());
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (login != null && !login.equals(given)) {
            respond(exchange, 401, "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String token = "token-" + tokenCount.incrementAndGet();
        if (tokensAccepted) {
            scopeOfToken.put(token, queryParam(exchange, "scope"));
        }
        String lifetime = tokenLifetimeSeconds == null ? "" : ",\"expires_in\":" + tokenLifetimeSeconds;
        respond(exchange, 200, ("{\"" + tokenField + "\":\"" + token + "\"" + lifetime + "}").getBytes(StandardCharsets.UTF_8));
    }

    private String scope(String repository) {
        return "repository:" + scopePrefix + repository + ":pull";
    }

    private static String repositoryOf(HttpExchange exchange) {
        return exchange.getRequestURI().getPath().substring("/v2/".length()).split("/manifests/|/tags/")[0];
    }

    private static String queryParam(HttpExchange exchange, String name) {
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
