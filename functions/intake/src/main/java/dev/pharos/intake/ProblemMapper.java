package dev.pharos.intake;

import dev.pharos.core.error.PharosException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors as RFC 9457 {@code application/problem+json}. Transient failures carry {@code Retry-After} so senders back
 * off; permanent ones say exactly what is wrong so the sender's operator can fix it.
 */
public class ProblemMapper {
    static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response map(PharosException exception) {
        PharosException.Kind kind = exception.kind();
        if (kind.retryable()) {
            LOG.warnf("delivery refused for retry: %s", exception.getMessage());
        } else {
            LOG.infof("delivery rejected (%s): %s", kind.slug(), exception.getMessage());
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://pharos.dev/problems/" + kind.slug());
        problem.put("title", kind.slug().replace('-', ' '));
        problem.put("status", kind.httpStatus());
        problem.put("detail", exception.getMessage());
        Response.ResponseBuilder response = Response.status(kind.httpStatus()).type(PROBLEM_JSON).entity(problem);
        if (kind.retryable()) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
