package dev.pharos.api.http;

import java.util.Optional;

/** Query parameters: absent and blank are the same, values are stripped. */
public final class Params {
    private Params() {
    }

    public static Optional<String> given(String parameter) {
        return parameter == null || parameter.isBlank() ? Optional.empty() : Optional.of(parameter.strip());
    }
}
