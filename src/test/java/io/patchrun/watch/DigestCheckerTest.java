package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigestCheckerTest {

    private static final ImageRef DEBIAN = ImageRef.parse("debian:12");
    private static final ImageRef ALPINE = ImageRef.parse("alpine:3.20");
    private static final ImageRef LOCAL = ImageRef.parse("127.0.0.1:5000/x/base:stable");

    private final Map<ImageRef, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Test
    void check_asksOncePerDistinctReference_whenManyImagesShareIt() throws InterruptedException {
        DigestChecker checker = new DigestChecker(this::countingDigest, 4);

        List<DigestCheck> results = checker.check(List.of(DEBIAN, ALPINE, ImageRef.parse("debian:12"), DEBIAN, ALPINE));

        assertThat(results).extracting(DigestCheck::ref).containsExactlyInAnyOrder(DEBIAN, ALPINE);
        assertThat(calls).containsOnlyKeys(DEBIAN, ALPINE);
        assertThat(calls.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    }

    @Test
    void check_ordersResultsByReference_whateverTheInputOrder() throws InterruptedException {
        DigestChecker checker = new DigestChecker(this::countingDigest, 3);

        List<DigestCheck> forward = checker.check(List.of(LOCAL, DEBIAN, ALPINE));
        List<DigestCheck> backward = checker.check(List.of(ALPINE, DEBIAN, LOCAL));

        assertThat(forward).extracting(DigestCheck::ref).containsExactly(LOCAL, ALPINE, DEBIAN);
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void check_recordsFailure_andStillChecksTheOthers() throws InterruptedException {
        RegistryException unknown = new RegistryException(RegistryException.Kind.UNKNOWN_TAG, ALPINE, "no tag 3.20");
        DigestChecker checker = new DigestChecker(ref -> {
            if (ref.equals(ALPINE)) {
                throw unknown;
            }
            return countingDigest(ref);
        });

        List<DigestCheck> results = checker.check(List.of(DEBIAN, ALPINE, LOCAL));

        assertThat(results).extracting(DigestCheck::succeeded).containsExactly(true, false, true);
        assertThat(results.get(1).error()).isSameAs(unknown);
        assertThat(results.get(0).digest()).isEqualTo(digestOf(LOCAL));
    }

    @Test
    void check_recordsUnexpectedException_asProtocolErrorOfThatReference() throws InterruptedException {
        DigestChecker checker = new DigestChecker(ref -> {
            throw new IllegalStateException("bug");
        });

        DigestCheck result = checker.check(List.of(DEBIAN)).get(0);

        assertThat(result.error().kind()).isEqualTo(RegistryException.Kind.PROTOCOL);
        assertThat(result.error().getMessage()).contains(DEBIAN.toString(), "bug");
    }

    @Test
    void check_runsExactlyAsManyChecksAtOnceAsItsBound() throws InterruptedException {
        int bound = 3;
        CountDownLatch allStarted = new CountDownLatch(bound);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        DigestChecker checker = new DigestChecker(ref -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            allStarted.countDown();
            awaitQuietly(allStarted);
            running.decrementAndGet();
            return countingDigest(ref);
        }, bound);
        List<ImageRef> refs = IntStream.range(0, 12).mapToObj(i -> ImageRef.parse("app:" + i)).toList();

        List<DigestCheck> results = checker.check(refs);

        assertThat(results).hasSize(12).allMatch(DigestCheck::succeeded);
        assertThat(mostAtOnce).hasValue(bound);
    }

    @Test
    void check_givesNothing_forNoReferences() throws InterruptedException {
        assertThat(new DigestChecker(this::countingDigest).check(List.of())).isEmpty();
    }

    @Test
    void constructor_refusesBoundBelowOne() {
        assertThatThrownBy(() -> new DigestChecker(this::countingDigest, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void digestCheck_refusesBothDigestAndError() {
        RegistryException error = new RegistryException(RegistryException.Kind.PROTOCOL, DEBIAN, "x");

        assertThatThrownBy(() -> new DigestCheck(DEBIAN, digestOf(DEBIAN), error)).hasMessageContaining("both");
        assertThatThrownBy(() -> new DigestCheck(DEBIAN, null, null)).hasMessageContaining("neither");
    }

    private Digest countingDigest(ImageRef ref) {
        calls.computeIfAbsent(ref, key -> new AtomicInteger()).incrementAndGet();
        return digestOf(ref);
    }

    private static Digest digestOf(ImageRef ref) {
        return Digest.of(FakeRegistry.sha256(ref.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
