package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.RegistryPusher;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.patchrun.testsupport.BenchmarkFigures;

/**
 * How long a round of digest checks takes, one at a time and with {@link DigestChecker}, and how many HTTP
 * requests each reference costs: against the local registry (anonymous) and against a registry demanding
 * Bearer tokens. Prints its figures and writes them to {@code target/benchmarks/digest-checks.txt}.
 */
@Tag("benchmark")
@EngineTest
class DigestCheckBenchmark {

    private static final int REPOSITORIES = 50;
    private static final int TAGS = 10;
    private static final int BOUND = DigestChecker.DEFAULT_PARALLELISM;

    private final List<String> report = new ArrayList<>();

    @Test
    void checkRound_againstLocalRegistry_andTokenRegistry() throws Exception {
        try (RegistryPusher pusher = new RegistryPusher()) {
            Map<ImageRef, Digest> pushed = pushAll(pusher);
            List<ImageRef> refs = List.copyOf(pushed.keySet());
            warmUp(refs);
            measureOneAtATime(refs, pushed);
            measureChecker(refs, pushed);
        }
        measureTokenRegistry();
        write();
    }

    private Map<ImageRef, Digest> pushAll(RegistryPusher pusher) {
        long start = System.nanoTime();
        Map<ImageRef, Digest> pushed = new LinkedHashMap<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            String repository = RegistryPusher.uniqueRepository("bench-" + r);
            for (int t = 0; t < TAGS; t++) {
                pushed.put(pusher.ref(repository, "v" + t), pusher.push(repository, "v" + t));
            }
        }
        line("local registry %s (distribution 2.8), %d references = %d repositories x %d tags",
                RegistryPusher.LOCAL_REGISTRY, pushed.size(), REPOSITORIES, TAGS);
        line("  pushed by the HTTP API in %d ms (blobs uploaded once per repository)", millisSince(start));
        return pushed;
    }

    /** Lets the JIT and the connection pool settle, so the first measured mode is not charged for them. */
    private static void warmUp(List<ImageRef> refs) throws InterruptedException {
        new DigestChecker(TestClients.anonymous(Clock.systemUTC()), BOUND).check(refs);
    }

    private void measureOneAtATime(List<ImageRef> refs, Map<ImageRef, Digest> pushed) {
        RegistryClient client = TestClients.anonymous(Clock.systemUTC());
        long start = System.nanoTime();
        for (ImageRef ref : refs) {
            assertThat(client.digest(ref)).isEqualTo(pushed.get(ref));
        }
        long millis = millisSince(start);
        line("  one at a time:         %5d ms (%.2f ms per reference), %d HTTP requests = %.2f per reference",
                millis, (double) millis / refs.size(), client.requestCount(), perRef(client.requestCount(), refs.size()));
    }

    private void measureChecker(List<ImageRef> refs, Map<ImageRef, Digest> pushed) throws InterruptedException {
        RegistryClient client = TestClients.anonymous(Clock.systemUTC());
        long start = System.nanoTime();
        List<DigestCheck> results = new DigestChecker(client, BOUND).check(refs);
        long millis = millisSince(start);
        assertThat(results).allSatisfy(check -> assertThat(check.digest()).isEqualTo(pushed.get(check.ref())));
        line("  DigestChecker bound %d: %5d ms (%.2f ms per reference), %d HTTP requests = %.2f per reference",
                BOUND, millis, (double) millis / refs.size(), client.requestCount(), perRef(client.requestCount(), refs.size()));
    }

    private void measureTokenRegistry() throws InterruptedException {
        try (FakeRegistry registry = new FakeRegistry()) {
            List<ImageRef> refs = new ArrayList<>();
            for (int r = 0; r < REPOSITORIES; r++) {
                for (int t = 0; t < TAGS; t++) {
                    registry.putManifest("bench/repo" + r, "v" + t, "{\"schemaVersion\":2,\"n\":\"" + r + "-" + t + "\"}");
                    refs.add(registry.ref("bench/repo" + r + ":v" + t));
                }
            }
            registry.bearer(300L);
            line("token registry (fake, %s, one token scope per repository), %d references = %d x %d",
                    registry.address(), refs.size(), REPOSITORIES, TAGS);
            tokenRounds("one at a time", registry, refs, 1);
            tokenRounds("DigestChecker bound " + BOUND, registry, refs, BOUND);
        }
    }

    private void tokenRounds(String mode, FakeRegistry registry, List<ImageRef> refs, int bound) throws InterruptedException {
        RegistryClient client = TestClients.anonymous(Clock.systemUTC());
        DigestChecker checker = new DigestChecker(client, bound);
        int tokensBefore = registry.tokensIssued();
        for (String round : List.of("round 1, no token yet", "round 2, tokens cached")) {
            long requestsBefore = client.requestCount();
            long start = System.nanoTime();
            assertThat(checker.check(refs)).allMatch(DigestCheck::succeeded);
            long millis = millisSince(start);
            long requests = client.requestCount() - requestsBefore;
            line("  %s, %s: %5d ms, %d HTTP requests = %.2f per reference, %d tokens fetched so far",
                    mode, round, millis, requests, perRef(requests, refs.size()), registry.tokensIssued() - tokensBefore);
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.add(text);
    }

    private void write() throws IOException {
        BenchmarkFigures.write("digest-checks", report);
    }

    private static double perRef(long requests, int refs) {
        return (double) requests / refs;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
