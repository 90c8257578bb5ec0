package io.patchrun.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Bearer tokens per registry and scope, kept until they expire. */
final class TokenCache {

    /** A token and the instant it stops being valid. */
    record Token(String value, Instant expiresAt) {
    }

    private record Key(String registry, String scope) {
    }

    private final Clock clock;
    private final Map<Key, Token> tokens = new ConcurrentHashMap<>();
    private final Map<Key, Object> fetchLocks = new ConcurrentHashMap<>();

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * A live token for the scope, fetched when none is cached or the cached one has expired. Callers asking for
     * the same scope at once share one fetch, so a parallel round asks the token service once per scope.
     */
    String get(String registry, String scope, Supplier<Token> fetch) {
        Key key = new Key(registry, scope);
        Token cached = tokens.get(key);
        if (live(cached)) {
            return cached.value();
        }
        synchronized (fetchLocks.computeIfAbsent(key, k -> new Object())) {
            cached = tokens.get(key);
            if (live(cached)) {
                return cached.value();
            }
            Token fresh = fetch.get();
            tokens.put(key, fresh);
            return fresh.value();
        }
    }

    /** Forgets a token a registry refused; a token that has already replaced it stays. */
    void reject(String value) {
        tokens.values().removeIf(token -> token.value().equals(value));
    }

    private boolean live(Token token) {
        return token != null && clock.instant().isBefore(token.expiresAt());
    }
}
