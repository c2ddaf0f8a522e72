package dev.pharos.scanner.store;

import dev.pharos.core.event.SeverityCounts;
import io.vertx.core.json.JsonObject;

/** The {@code severities} jsonb of {@code image} and {@code scan}: the same object as image.scanned's payload. */
final class Json {
    private Json() {
    }

    static JsonObject of(SeverityCounts counts) {
        return new JsonObject()
                .put("critical", counts.critical()).put("high", counts.high()).put("medium", counts.medium())
                .put("low", counts.low()).put("none", counts.none()).put("unknown", counts.unknown());
    }

    static SeverityCounts severities(JsonObject json) {
        return new SeverityCounts(json.getInteger("critical", 0), json.getInteger("high", 0),
                json.getInteger("medium", 0), json.getInteger("low", 0), json.getInteger("none", 0),
                json.getInteger("unknown", 0));
    }
}
