package dev.pharos.scanner.http;

import dev.pharos.core.error.PharosException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 {@code application/problem+json} answers; retryable ones carry {@code Retry-After}. */
final class Problems {
    private Problems() {
    }

    static void send(RoutingContext context, int status, String slug, String detail, boolean retryable) {
        JsonObject problem = new JsonObject()
                .put("type", "https://pharos.dev/problems/" + slug)
                .put("title", slug.replace('-', ' '))
                .put("status", status)
                .put("detail", detail);
        var response = context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json");
        if (retryable) {
            response.putHeader("Retry-After", "5");
        }
        response.end(problem.encode());
    }

    static void send(RoutingContext context, PharosException e) {
        send(context, e.kind().httpStatus(), e.kind().slug(), e.getMessage(), e.kind().retryable());
    }
}
