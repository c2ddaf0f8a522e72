package dev.pharos.api.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/**
 * The OpenAPI document beside the API it describes. Quarkus serves it at {@code /q/openapi}; this path redirects
 * there (307) with the JSON format chosen, rather than rendering it a second way.
 */
@Path("/api/v1/openapi.json")
public class OpenApiAlias {
    static final URI DOCUMENT = URI.create("/q/openapi?format=json");

    @GET
    @Operation(hidden = true)
    public Response document() {
        return Response.temporaryRedirect(DOCUMENT).build();
    }
}
