package dev.pharos.core.http;

import dev.pharos.core.error.PharosException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors as RFC 9457 {@code application/problem+json}, for every function that answers HTTP with Quarkus REST (the
 * class is in core's Jandex index, so each such application picks it up). The {@code type} URI is stable per
 * {@link PharosException.Kind}. Transient failures carry {@code Retry-After} so senders back off; permanent ones say
 * exactly what is wrong so the caller can fix it.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String TYPE_PREFIX = "https://pharos.dev/problems/";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response map(PharosException exception) {
        PharosException.Kind kind = exception.kind();
        if (kind.retryable()) {
            LOG.warnf("request refused for retry: %s", exception.getMessage());
        } else {
            LOG.infof("request rejected (%s): %s", kind.slug(), exception.getMessage());
        }
        Response.ResponseBuilder response = Response.status(kind.httpStatus()).type(PROBLEM_JSON)
                .entity(problem(kind, exception.getMessage()));
        if (kind.retryable()) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }

    /**
     * What Quarkus REST refuses by itself (no such path 404, wrong method 405 with its {@code Allow}) in the same
     * form, typed {@code about:blank}: RFC 9457 section 4.2.1, the status code says it all.
     */
    @ServerExceptionMapper
    public Response map(WebApplicationException exception) {
        Response original = exception.getResponse();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", original.getStatusInfo().getReasonPhrase());
        problem.put("status", original.getStatus());
        problem.put("detail", exception.getMessage());
        return Response.fromResponse(original).type(PROBLEM_JSON).entity(problem).build();
    }

    /** The problem document for a kind (RFC 9457 section 3.1 members). */
    public static Map<String, Object> problem(PharosException.Kind kind, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE_PREFIX + kind.slug());
        problem.put("title", kind.slug().replace('-', ' '));
        problem.put("status", kind.httpStatus());
        problem.put("detail", detail);
        return problem;
    }
}
