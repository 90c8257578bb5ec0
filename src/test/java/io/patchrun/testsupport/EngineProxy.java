package io.patchrun.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A slow engine for tests of what happens when Patchrun is stopped half-way: a proxy on a loopback TCP port in
 * front of the engine's unix socket that passes every API call through, except one the test picks, which it holds
 * for as long as the test wants. The process under test is started with {@code patchrun.docker.host=}{@link #host()};
 * nothing in Patchrun knows, it just sees an engine that takes its time.
 *
 * <p>It reads each request's head to know where the request ends (by {@code Content-Length}, chunked transfer or
 * no body), and copies everything else as it comes, answers included; a connection upgraded for a stream is copied
 * raw from then on.
 */
public final class EngineProxy implements AutoCloseable {

    /** An engine API call as the proxy saw it: {@code path} without the API version, {@code query} decoded. */
    public record Call(String method, String path, Map<String, String> query) {

        /** The segment of the path after {@code /containers/}, say, or empty. */
        public Optional<String> after(String segment) {
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].equals(segment)) {
                    return Optional.of(parts[i + 1]);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : " " + query);
        }
    }

    /** One call held: the test lets it through or drops it with its connection. */
    public final class Hold {

        private final Predicate<Call> rule;
        private final CompletableFuture<Call> caught = new CompletableFuture<>();
        private final CountDownLatch decided = new CountDownLatch(1);
        private volatile boolean pass;

        private Hold(Predicate<Call> rule) {
            this.rule = rule;
        }

        /** Waits until the call is held; it stays held until {@link #release()} or {@link #drop()}. */
        public Call await(Duration within) throws InterruptedException, TimeoutException {
            try {
                return caught.get(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        public boolean held() {
            return caught.isDone();
        }

        public void release() {
            pass = true;
            decided.countDown();
        }

        /** The call never reaches the engine; its connection is closed. */
        public void drop() {
            pass = false;
            decided.countDown();
        }
    }

    private final Path engineSocket;
    private final ServerSocket server;
    private final List<Hold> armed = new ArrayList<>();
    private final List<Hold> caught = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();
    private volatile boolean open = true;

    private EngineProxy(Path engineSocket) throws IOException {
        this.engineSocket = engineSocket;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "engine-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the engine at {@code engineHost}, which must be a {@code unix://} address. */
    public static EngineProxy start(String engineHost) throws IOException {
        URI uri = URI.create(engineHost);
        if (!"unix".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the engine proxy needs the engine's unix socket, not " + engineHost);
        }
        return new EngineProxy(Path.of(uri.getPath()));
    }

    /** What to give Patchrun as {@code patchrun.docker.host}. */
    public String host() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Holds the next call {@code rule} accepts; earlier holds stay armed until they caught theirs. */
    public synchronized Hold hold(Predicate<Call> rule) {
        Hold hold = new Hold(rule);
        armed.add(hold);
        return hold;
    }

    private synchronized Optional<Hold> claim(Call call) {
        for (Hold hold : armed) {
            if (matches(hold, call)) {
                armed.remove(hold);
                caught.add(hold);
                return Optional.of(hold);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Hold hold, Call call) {
        try {
            return hold.rule.test(call);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                synchronized (this) {
                    clients.add(client);
                }
                Thread thread = new Thread(() -> serve(client), "engine-proxy-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(engineSocket))) {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toEngine = new ChannelOutput(engine);
            Thread answers = new Thread(() -> copyAnswers(engine, client), "engine-proxy-answers");
            answers.setDaemon(true);
            answers.start();
            while (true) {
                byte[] head = readHead(fromClient);
                if (head == null) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                Call call = parse(head, headers);
                Optional<Hold> hold = claim(call);
                if (hold.isPresent()) {
                    hold.get().caught.complete(call);
                    hold.get().decided.await();
                    if (!hold.get().pass) {
                        return;
                    }
                }
                toEngine.write(head);
                if (headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade") || headers.containsKey("upgrade")) {
                    fromClient.transferTo(toEngine);
                    return;
                }
                copyBody(fromClient, toEngine, headers);
            }
        } catch (IOException | InterruptedException e) {
            // The process under test went away, or the test closed the proxy: the connection ends with it.
        }
    }

    private static void copyAnswers(SocketChannel engine, Socket client) {
        try {
            OutputStream toClient = client.getOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (engine.read(buffer) >= 0) {
                toClient.write(buffer.array(), 0, buffer.position());
                toClient.flush();
                buffer.clear();
            }
            client.shutdownOutput();
        } catch (IOException e) {
            // Either side closed.
        }
    }

    /** The request line and headers, up to and with the empty line; {@code null} at the end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toByteArray();
    }

    private static Call parse(byte[] head, Map<String, String> headers) {
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String target = requestLine[1];
        int question = target.indexOf('?');
        String path = (question < 0 ? target : target.substring(0, question)).replaceFirst("^/v[0-9.]+/", "/");
        Map<String, String> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                query.put(key, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return new Call(requestLine[0], path, query);
    }

    private static void copyBody(InputStream in, OutputStream out, Map<String, String> headers) throws IOException {
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = readLine(in, out);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in, out).isEmpty()) {
                        // Trailers, up to the empty line that ends the body.
                    }
                    return;
                }
                copy(in, out, size);
                readLine(in, out);
            }
        }
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        copy(in, out, length);
    }

    /** Copies one CRLF-ended line and returns it without the CRLF. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside a chunked body");
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16384];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the connection ended " + left + " bytes before the end of a request body");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** Writes to the engine's socket directly: a stream from {@code Channels} would lock out the thread reading the answers. */
    private static final class ChannelOutput extends OutputStream {

        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Stops listening, drops every held call and closes every connection. */
    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        synchronized (this) {
            armed.forEach(Hold::drop);
            armed.clear();
            caught.forEach(Hold::drop);
            for (Socket client : clients) {
                try {
                    client.close();
                } catch (IOException e) {
                    // Closing anyway.
                }
            }
        }
    }
}
