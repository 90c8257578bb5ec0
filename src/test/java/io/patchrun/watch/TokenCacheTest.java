package io.patchrun.watch;

import io.patchrun.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private final MutableClock clock = new MutableClock();
    private final TokenCache cache = new TokenCache(clock);
    private final AtomicInteger fetches = new AtomicInteger();

    @Test
    void get_reusesToken_untilItExpires() {
        assertThat(cache.get("r", "scope", fetch(Duration.ofSeconds(60)))).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("r", "scope", fetch(Duration.ofSeconds(60)))).isEqualTo("t1");

        clock.advance(Duration.ofSeconds(1));

        assertThat(cache.get("r", "scope", fetch(Duration.ofSeconds(60)))).isEqualTo("t2");
    }

    @Test
    void get_keepsTokensApart_perRegistryAndScope() {
        cache.get("r", "repository:a:pull", fetch(Duration.ofSeconds(60)));
        cache.get("r", "repository:b:pull", fetch(Duration.ofSeconds(60)));
        cache.get("other", "repository:a:pull", fetch(Duration.ofSeconds(60)));

        assertThat(fetches).hasValue(3);
    }

    @Test
    void reject_forgetsToken_onlyWhenItIsStillCached() {
        cache.get("r", "scope", fetch(Duration.ofSeconds(60)));
        cache.reject("t0");
        assertThat(cache.get("r", "scope", fetch(Duration.ofSeconds(60)))).isEqualTo("t1");

        cache.reject("t1");

        assertThat(cache.get("r", "scope", fetch(Duration.ofSeconds(60)))).isEqualTo("t2");
    }

    private Supplier<TokenCache.Token> fetch(Duration lifetime) {
        return () -> new TokenCache.Token("t" + fetches.incrementAndGet(), clock.instant().plus(lifetime));
    }
}
