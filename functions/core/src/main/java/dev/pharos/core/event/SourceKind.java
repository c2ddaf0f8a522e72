package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.pharos.core.error.PharosException;

import java.util.Arrays;
import java.util.Locale;

/** The kind of system a notification came from; also names the webhook format intake parses. */
public enum SourceKind {
    DISTRIBUTION, HARBOR, DOCKERHUB, QUAY, GHCR, GCR, ECR;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceKind fromId(String id) {
        return Arrays.stream(values())
                .filter(kind -> kind.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new PharosException(PharosException.Kind.INVALID_CONFIG,
                        "unknown source kind '" + id + "', expected one of " + Arrays.toString(values())));
    }
}
