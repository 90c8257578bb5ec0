package io.patchrun.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures how long HTTP servers on 127.0.0.1 stay unreachable: one thread per port GETs {@code /} on a
 * fresh connection every {@code every}, and records the longest time between two successful answers (an
 * answer with status 200). A port that stops answering counts until {@link #stop()}. Each thread ends by
 * itself after {@code limit}, so a forgotten prober cannot run on.
 */
public final class Prober {

    private static final int TIMEOUT_MILLIS = 250;

    private final Map<String, Probe> probes = new LinkedHashMap<>();

    /** @param ports name -> port on 127.0.0.1 */
    public Prober(Map<String, Integer> ports, Duration every, Duration limit) {
        ports.forEach((name, port) -> probes.put(name, new Probe(name, port, every.toMillis(), System.nanoTime() + limit.toNanos())));
    }

    /** Whether {@code port} on 127.0.0.1 answers {@code GET /} with 200 now. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status != null && status.startsWith("HTTP/1.") && status.contains(" 200");
        } catch (IOException e) {
            return false;
        }
    }

    public Prober start() {
        probes.values().forEach(Thread::start);
        return this;
    }

    /**
     * Stops probing and waits for the threads.
     *
     * @return per name, the longest time without a successful answer; a port that never answered has the whole time
     */
    public Map<String, Duration> stop() throws InterruptedException {
        probes.values().forEach(Probe::finish);
        for (Probe probe : probes.values()) {
            probe.join();
        }
        Map<String, Duration> gaps = new TreeMap<>();
        probes.forEach((name, probe) -> gaps.put(name, Duration.ofNanos(probe.longestGap)));
        return gaps;
    }

    /** How many probes were sent, answered or not, over every port. */
    public int attempts() {
        return probes.values().stream().mapToInt(probe -> probe.attempts).sum();
    }

    private static final class Probe extends Thread {

        private final int port;
        private final long everyMillis;
        private final long deadline;
        private final long startedAt = System.nanoTime();
        private volatile boolean finished;
        private volatile long longestGap;
        private volatile int attempts;

        Probe(String name, int port, long everyMillis, long deadline) {
            super("probe-" + name);
            setDaemon(true);
            this.port = port;
            this.everyMillis = everyMillis;
            this.deadline = deadline;
        }

        void finish() {
            finished = true;
        }

        @Override
        public void run() {
            long lastAnswer = startedAt;
            while (!finished && System.nanoTime() < deadline) {
                attempts++;
                if (answers(port)) {
                    long now = System.nanoTime();
                    longestGap = Math.max(longestGap, now - lastAnswer);
                    lastAnswer = now;
                }
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            longestGap = Math.max(longestGap, System.nanoTime() - lastAnswer);
        }
    }
}
