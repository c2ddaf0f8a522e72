package dev.pharos.engine.source;

import java.util.Optional;

/** An image index entry's platform (image-spec {@code image-index.md}); {@code linux/amd64} by default. */
public record Platform(String os, String architecture, Optional<String> variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", Optional.empty());

    /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("platform must be os/arch[/variant], got '" + text + "'");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
