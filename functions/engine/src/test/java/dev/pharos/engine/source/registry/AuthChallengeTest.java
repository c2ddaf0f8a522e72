package dev.pharos.engine.source.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {
    @Test
    void parsesBearerChallengesAsDockerHubSendsThem() {
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"").orElseThrow();
        assertThat(challenge.scheme()).isEqualTo("bearer");
        assertThat(challenge.param("realm")).contains("https://auth.docker.io/token");
        assertThat(challenge.param("service")).contains("registry.docker.io");
        assertThat(challenge.param("scope")).contains("repository:library/alpine:pull");
    }

    @Test
    void parsesBasicUnquotedAndEscapedValuesAndStopsAtTheNextChallenge() {
        AuthChallenge basic = AuthChallenge.parse("basic realm=\"a \\\"quoted\\\" realm\", charset=UTF-8 Bearer "
                + "realm=\"x\"").orElseThrow();
        assertThat(basic.scheme()).isEqualTo("basic");
        assertThat(basic.param("realm")).contains("a \"quoted\" realm");
        assertThat(basic.param("charset")).contains("UTF-8");
        assertThat(basic.params()).doesNotContainKey("bearer");
        assertThat(AuthChallenge.parse("  ")).isEmpty();
    }
}
