package dev.pharos.api.vulndb;

import dev.pharos.core.error.PharosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin endpoints exist only with a token configured, and then only for its bearer. */
class AdminGuardTest {
    private static final String ENDPOINT = "POST /api/v1/vulndb/import";

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void withoutATokenTheEndpointIsNotFoundWhateverIsPresented(String configured) {
        AdminGuard guard = new AdminGuard(Optional.of(configured).filter(value -> !value.isEmpty()));
        assertThatThrownBy(() -> guard.require("Bearer " + configured, ENDPOINT))
                .isInstanceOf(PharosException.class).hasMessageContaining("is disabled")
                .extracting(e -> ((PharosException) e).kind()).isEqualTo(PharosException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> new AdminGuard(Optional.of(configured)).require(null, ENDPOINT))
                .extracting(e -> ((PharosException) e).kind()).isEqualTo(PharosException.Kind.NOT_FOUND);
    }

    @Test
    void theBearerOfTheTokenPassesInAnySchemeCase() {
        AdminGuard guard = new AdminGuard(Optional.of("s3cret"));
        assertThatCode(() -> guard.require("Bearer s3cret", ENDPOINT)).doesNotThrowAnyException();
        assertThatCode(() -> guard.require("bearer  s3cret ", ENDPOINT)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cret", "Basic s3cret", "Bearer s3cre", "Bearer s3cret2", "Bearer "})
    void anythingElseIsUnauthenticatedWithoutEchoingIt(String authorization) {
        assertThatThrownBy(() -> new AdminGuard(Optional.of("s3cret")).require(authorization, ENDPOINT))
                .extracting(e -> ((PharosException) e).kind()).isEqualTo(PharosException.Kind.UNAUTHENTICATED);
        assertThatThrownBy(() -> new AdminGuard(Optional.of("s3cret")).require(authorization, ENDPOINT))
                .message().doesNotContain("s3cret");
    }
}
