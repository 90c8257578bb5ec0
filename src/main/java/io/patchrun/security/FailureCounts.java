package io.patchrun.security;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins in a row per key (a user name or a client address), in memory. A key is forgotten once it has
 * had no failure for {@code forgetAfter} and its wait is over; at most {@code maxTracked} keys are kept, the least
 * recently seen going first, so a flood of made-up names or addresses cannot fill the memory.
 */
final class FailureCounts {

    /** How long an attempt must still wait, after how many failures in a row. */
    record Wait(int failures, Duration left, boolean locked) {
    }

    private record Count(int failures, Instant last) {
    }

    private final LoginProperties.Limits limits;
    private final LoginProperties settings;
    private final Map<String, Count> counts;

    FailureCounts(LoginProperties.Limits limits, LoginProperties settings) {
        this.limits = limits;
        this.settings = settings;
        int max = settings.maxTracked();
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > max;
            }
        };
    }

    /** How long an attempt for {@code key} must still wait; empty when it may go on to the password check. */
    synchronized Optional<Wait> wait(String key, Instant now) {
        Count count = current(key, now);
        if (count == null) {
            return Optional.empty();
        }
        Instant notBefore = count.last().plus(waitAfter(count.failures()));
        return now.isBefore(notBefore)
                ? Optional.of(new Wait(count.failures(), Duration.between(now, notBefore), count.failures() >= limits.lockAfter()))
                : Optional.empty();
    }

    /**
     * Lets an attempt go on to the password check unless it must wait, and then counts it as failed already: a
     * right password takes that back ({@link #undo}). Checking and counting happen under one lock, so attempts
     * sent all at once cannot all pass the check before any of them is counted.
     */
    synchronized Optional<Wait> admit(String key, Instant now) {
        Optional<Wait> wait = wait(key, now);
        if (wait.isEmpty()) {
            Count count = current(key, now);
            counts.put(key, new Count(count == null ? 1 : count.failures() + 1, now));
        }
        return wait;
    }

    /** Takes back one attempt counted by {@link #admit}. */
    synchronized void undo(String key) {
        Count count = counts.get(key);
        if (count == null) {
            return;
        }
        if (count.failures() <= 1) {
            counts.remove(key);
        } else {
            counts.put(key, new Count(count.failures() - 1, count.last()));
        }
    }

    synchronized void clear(String key) {
        counts.remove(key);
    }

    synchronized int tracked() {
        return counts.size();
    }

    /** Nothing below the slowdown; then the delay, doubled at each further failure; at the lock, the lock's time. */
    Duration waitAfter(int failures) {
        if (failures < limits.slowdownAfter()) {
            return Duration.ZERO;
        }
        if (failures >= limits.lockAfter()) {
            return settings.lockFor();
        }
        Duration doubled = settings.delay().multipliedBy(1L << Math.min(failures - limits.slowdownAfter(), 30));
        return doubled.compareTo(settings.lockFor()) > 0 ? settings.lockFor() : doubled;
    }

    private Count current(String key, Instant now) {
        Count count = counts.get(key);
        if (count == null) {
            return null;
        }
        Duration kept = waitAfter(count.failures());
        if (settings.forgetAfter().compareTo(kept) > 0) {
            kept = settings.forgetAfter();
        }
        if (!now.isBefore(count.last().plus(kept))) {
            counts.remove(key);
            return null;
        }
        return count;
    }
}
