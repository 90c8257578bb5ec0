package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void parse_readsDockerHubBearerChallenge() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/debian:pull\"");

        assertThat(challenge.bearer()).isTrue();
        assertThat(challenge.params()).isEqualTo(Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/debian:pull"));
    }

    @Test
    void parse_keepsCommasAndEscapedQuotes_insideQuotedValues() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://auth.example/token\", "
                + "scope=\"repository:a/b:pull,push\", error=\"say \\\"no\\\"\"");

        assertThat(challenge.param("scope")).isEqualTo("repository:a/b:pull,push");
        assertThat(challenge.param("error")).isEqualTo("say \"no\"");
    }

    @Test
    void parse_readsUnquotedValues_andLowersSchemeAndNames() {
        Challenge challenge = Challenge.parse("BASIC Realm=registry , charset=UTF-8");

        assertThat(challenge.scheme()).isEqualTo(Challenge.BASIC);
        assertThat(challenge.params()).isEqualTo(Map.of("realm", "registry", "charset", "UTF-8"));
    }

    @Test
    void parse_givesNoParams_whenSchemeStandsAlone() {
        assertThat(Challenge.parse("Negotiate").params()).isEmpty();
        assertThat(Challenge.parse("Negotiate").param("realm")).isEmpty();
    }

    @Test
    void select_prefersBearer_whenRegistryOffersBasicToo() {
        assertThat(Challenge.select(List.of("Basic realm=\"r\"", "Bearer realm=\"https://auth/token\"")))
                .map(Challenge::scheme).contains(Challenge.BEARER);
    }

    @Test
    void select_givesNothing_whenNoChallengeIsBearerOrBasic() {
        assertThat(Challenge.select(List.of("Negotiate"))).isEmpty();
        assertThat(Challenge.select(List.of())).isEmpty();
    }
}
