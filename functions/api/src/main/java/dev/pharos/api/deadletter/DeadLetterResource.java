package dev.pharos.api.deadletter;

import dev.pharos.api.http.Page;
import dev.pharos.core.error.PharosException;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;


import static dev.pharos.api.http.Params.given;

/**
 * The Knative Broker's dead-letter sink ({@code delivery.deadLetterSink}) and the listing of what it received. The
 * sink answers 202 without a body once the event is stored (a 200 with a CloudEvent would be a reply the broker
 * routes on), 400 for a delivery that is no CloudEvent (never retried), 503 while the database is down (retried).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    private final DeadLetterStore store;
    private final MeterRegistry meters;

    public DeadLetterResource(DeadLetterStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    @POST
    @Path("internal/dead-letters")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Dead-letter sink of the Knative Broker",
            description = "A CloudEvent in binary or structured mode, with Knative's knativeerrorcode, "
                    + "knativeerrordest and knativeerrordata extensions. Deduplicated on source and id.")
    @APIResponse(responseCode = "202", description = "Stored (or already stored)")
    @APIResponse(responseCode = "400", description = "Not a CloudEvent")
    @APIResponse(responseCode = "503", description = "Database unavailable: redeliver")
    public Uni<Response> receive(HttpHeaders headers, byte[] body) {
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReaderFromMultimap(headers.getRequestHeaders(),
                    body == null ? new byte[0] : body).toEvent();
        } catch (RuntimeException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "not a CloudEvent in binary or structured mode: " + e.getMessage(), e);
        }
        return store.store(event).map(deliveries -> {
            meters.counter("pharos.api.dead.letters",
                    "result", deliveries == 1 ? "stored" : "duplicate").increment();
            return Response.accepted().build();
        });
    }

    @GET
    @Path("api/v1/dead-letters")
    @Operation(summary = "Dead letters, newest first", description = "Keyset pagination: follow 'next'.")
    @APIResponse(responseCode = "200", description = "A page of DeadLetter items")
    @APIResponse(responseCode = "400", description = "Bad limit or cursor")
    public Uni<Page<DeadLetter>> list(
            @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page's 'next' link") @QueryParam("cursor") String cursor,
            @Context UriInfo request) {
        int size = Page.limit(limit);
        return store.list(given(cursor), size + 1)
                .map(fetched -> Page.of(fetched, size, DeadLetterStore::cursorOf, request));
    }
}
