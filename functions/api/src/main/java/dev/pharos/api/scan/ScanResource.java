package dev.pharos.api.scan;

import dev.pharos.api.ApiConfig;
import dev.pharos.core.error.PharosException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

@Path(ScanResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {
    static final String PATH = "/api/v1/scans";
    private static final String DEFAULT_REQUESTER = "api";
    /** Printable, no controls, bounded: it is stored, logged and put into events. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,255}");

    private final ScanService scans;
    private final ApiConfig config;

    public ScanResource(ScanService scans, ApiConfig config) {
        this.scans = scans;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Queue a scan of an image",
            description = "Records a queued scan and emits dev.pharos.scan.requested.v1. With ?wait= the answer waits "
                    + "(at most pharos.api.max-wait) until the scan completed or failed.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            implementation = ScanRequestBody.class)))
    @APIResponse(responseCode = "202", description = "Queued (or still running at the end of the wait)",
            content = @Content(schema = @Schema(implementation = ScanAccepted.class)))
    @APIResponse(responseCode = "200", description = "Finished within the wait",
            content = @Content(schema = @Schema(implementation = ScanView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or image reference")
    @APIResponse(responseCode = "503", description = "Database or broker unavailable; the scan is not queued")
    public Uni<Response> request(
            @Parameter(description = "How long to wait for the result: 30s, 1500ms, 2m or PT30S")
            @QueryParam("wait") String wait,
            @Parameter(description = "Who asks; stored as requested_by (default: api)")
            @HeaderParam("X-Pharos-User") String user,
            @Parameter(description = "A repeated request with the same key returns the same scan")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            byte[] body) {
        ScanRequest request = ScanRequest.parse(body);
        String requestedBy = header("X-Pharos-User", user).orElse(DEFAULT_REQUESTER);
        boolean waiting = wait != null;
        return scans.request(request, requestedBy, header("Idempotency-Key", idempotencyKey),
                        WaitTime.parse(wait, config.maxWait()))
                .map(outcome -> answer(outcome, waiting));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A scan: status, reference, image digest, counts, engine, failure, timings")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ScanView.class)))
    @APIResponse(responseCode = "400", description = "Not a UUID")
    @APIResponse(responseCode = "404", description = "No such scan")
    public Uni<ScanView> get(@PathParam("id") String id) {
        UUID scanId = uuid(id);
        return scans.find(scanId).map(found -> found.orElseThrow(() -> new PharosException(
                PharosException.Kind.NOT_FOUND, "no scan " + scanId)));
    }

    private static Response answer(ScanService.Outcome outcome, boolean waiting) {
        ScanView scan = outcome.scan();
        Response.ResponseBuilder response = waiting && scan.finished()
                ? Response.ok(scan)
                : Response.accepted(ScanAccepted.of(scan));
        response.location(URI.create(scan.links().get("self")));
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    private static UUID uuid(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "scan id must be a UUID, not '" + id + "'");
    }

    private static Optional<String> header(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!HEADER_VALUE.matcher(value).matches()) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    name + " must be 1 to 256 printable ASCII characters");
        }
        return Optional.of(value);
    }

    /** The request body's shape, for the OpenAPI document (the body itself is read by {@link ScanRequest}). */
    @Schema(name = "ScanRequest")
    public record ScanRequestBody(
            @Schema(required = true, examples = {"nginx:1.27", "ghcr.io/acme/app@sha256:..."}) String image,
            @Schema(defaultValue = "false") boolean force) {
    }
}
