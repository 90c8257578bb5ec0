package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Checks the digests of many references in one round, a bounded number at a time. */
public final class DigestChecker {

    public static final int DEFAULT_PARALLELISM = 8;

    private static final Comparator<ImageRef> ORDER = Comparator.comparing(ImageRef::toString);

    private final DigestSource source;
    private final int parallelism;
    private final DigestCheckListener listener;

    public DigestChecker(DigestSource source) {
        this(source, DEFAULT_PARALLELISM);
    }

    /** @param parallelism how many references are checked at once; 1 checks them one after another */
    public DigestChecker(DigestSource source, int parallelism) {
        this(source, parallelism, DigestCheckListener.NONE);
    }

    /** @param listener told about each outcome, on the calling thread, once the round is done */
    public DigestChecker(DigestSource source, int parallelism, DigestCheckListener listener) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("digest checks need a parallelism of at least 1, not " + parallelism);
        }
        this.source = source;
        this.parallelism = parallelism;
        this.listener = listener;
    }

    /**
     * Checks each distinct reference once, however often it occurs. A failed check is recorded in its result
     * and does not stop the others.
     *
     * @return one result per distinct reference, ordered by the reference's full text
     * @throws InterruptedException when interrupted while waiting; checks still running are cancelled
     */
    public List<DigestCheck> check(Collection<ImageRef> refs) throws InterruptedException {
        List<Callable<DigestCheck>> checks = refs.stream().distinct().sorted(ORDER)
                .<Callable<DigestCheck>>map(ref -> () -> checkOne(ref))
                .toList();
        if (checks.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, checks.size()), threadFactory());
        try {
            List<DigestCheck> results = new ArrayList<>(checks.size());
            for (Future<DigestCheck> future : pool.invokeAll(checks)) {
                results.add(outcome(future));
            }
            results.forEach(listener::checked);
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private DigestCheck checkOne(ImageRef ref) {
        try {
            return DigestCheck.found(ref, source.digest(ref));
        } catch (RegistryException e) {
            return DigestCheck.failed(ref, e);
        } catch (RuntimeException e) {
            // A fault in one check must not cost the other references theirs, so it is recorded like a registry error.
            return DigestCheck.failed(ref, Failures.unexpected(ref, e));
        }
    }

    private static DigestCheck outcome(Future<DigestCheck> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // checkOne records every exception, so only an Error (out of memory, say) arrives here.
            throw new IllegalStateException("a digest check died: " + e.getCause(), e.getCause());
        }
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "digest-check-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
