package dev.pharos.api.http;

import dev.pharos.api.ApiConfig;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.http.ProblemMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared {@code Content-Length} exceeds {@code pharos.api.max-body-bytes} before its body
 * is read: Quarkus REST buffers bodies whole, and the HTTP server's own limit must stay as high as the advisory
 * upload. The upload path is exempt; it streams and counts against its own bound.
 */
@ApplicationScoped
public class BodyLimit {
    /** The one path allowed the large body limit. */
    public static final String UPLOAD_PATH = "/api/v1/vulndb/import";

    private final long maxBodyBytes;

    public BodyLimit(ApiConfig config) {
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 100);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || UPLOAD_PATH.equals(context.normalizedPath())) {
            context.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            context.next();
            return;
        }
        if (length <= maxBodyBytes) {
            context.next();
            return;
        }
        PharosException.Kind kind = PharosException.Kind.PAYLOAD_TOO_LARGE;
        context.response().setStatusCode(kind.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(ProblemMapper.problem(kind, "request body of " + length
                        + " bytes exceeds the limit of " + maxBodyBytes + " bytes")));
    }
}
