package io.patchrun.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local registry under another address, {@code 127.0.0.1:<port>}, counting every request it passes on:
 * a test can see how many {@code HEAD}s of a manifest a run cost. Read-only (GET and HEAD), which is all a
 * digest check and an engine pull need; references through it are written {@code <address>/<repository>:<tag>}.
 * A test can also {@link #holdNextManifestCheck() hold} the next digest check until it lets it go, to keep a run
 * going for as long as it looks at it.
 */
public final class RegistryProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "transfer-encoding", "content-length", "keep-alive");

    private final HttpServer server;
    private final String upstream;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    /** The next {@code HEAD} of a manifest, held until {@link #release()}; every request after it passes at once. */
    public static final class Hold {

        private static final long LONGEST_MINUTES = 2;

        private final CountDownLatch caught = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until the check has come and is held. */
        public void awaitHeld(Duration within) throws InterruptedException, TimeoutException {
            if (!caught.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("no manifest HEAD came through the registry proxy within " + within);
            }
        }

        public void release() {
            released.countDown();
        }

        private void hold() throws InterruptedException {
            caught.countDown();
            // Bounded, so a test that fails before it releases leaves no request hanging.
            released.await(LONGEST_MINUTES, TimeUnit.MINUTES);
        }
    }

    private RegistryProxy(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::pass);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "registry-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** A proxy of the local registry ({@link Engine#REGISTRY}). */
    public static RegistryProxy ofLocalRegistry() {
        try {
            return new RegistryProxy(Engine.REGISTRY);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a proxy of registry " + Engine.REGISTRY, e);
        }
    }

    /** {@code 127.0.0.1:<port>}: the registry part of references that go through this proxy. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many times {@code method path} came through since the last {@link #reset()}. */
    public int count(String method, String path) {
        AtomicInteger count = counts.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** How many requests of {@code method} for any manifest came through since the last {@link #reset()}. */
    public int manifestRequests(String method) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ") && e.getKey().contains("/manifests/"))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Holds the next {@code HEAD} of a manifest (a digest check) until the returned hold is released. */
    public Hold holdNextManifestCheck() {
        Hold next = new Hold();
        hold.set(next);
        return next;
    }

    public void reset() {
        counts.clear();
    }

    private void pass(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            counts.computeIfAbsent(method + " " + path, key -> new AtomicInteger()).incrementAndGet();
            Hold held = method.equals("HEAD") && path.contains("/manifests/") ? hold.getAndSet(null) : null;
            if (held != null) {
                try {
                    held.hold();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + upstream + path + (query == null ? "" : "?" + query))
                    .toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!header.getKey().equalsIgnoreCase("host") && !HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> connection.addRequestProperty(header.getKey(), value));
                }
            }
            int status = connection.getResponseCode();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null && !HOP_BY_HOP.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            String length = connection.getHeaderField("Content-Length");
            if (method.equals("HEAD")) {
                if (length != null) {
                    exchange.getResponseHeaders().set("Content-Length", length);
                }
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] body;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
