package dev.pharos.api.image;

import dev.pharos.api.http.Page;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.ImageRefs;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import static dev.pharos.api.http.Params.given;

@Path(ImageResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {
    static final String PATH = "/api/v1/images";
    private static final String INCLUDE_RESOLVED = "resolved";

    private final ImageQueries images;

    public ImageResource(ImageQueries images) {
        this.images = images;
    }

    @GET
    @Operation(summary = "Images, most recently scanned first",
            description = "Keyset pagination: follow 'next' until it is null. Filters combine.")
    @APIResponse(responseCode = "200", description = "A page of ImageSummary items")
    @APIResponse(responseCode = "400", description = "Bad filter, limit or cursor")
    public Uni<Page<ImageSummary>> list(
            @Parameter(description = "Registry host, e.g. docker.io") @QueryParam("registry") String registry,
            @Parameter(description = "Repository path, e.g. library/nginx") @QueryParam("repository") String repository,
            @Parameter(description = "Minimum severity of an open finding: CRITICAL, HIGH, MEDIUM, LOW, NONE, UNKNOWN")
            @QueryParam("severity") String severity,
            @Parameter(description = "Vulnerability id or alias of an open finding")
            @QueryParam("vulnerability") String vulnerability,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page's 'next' link") @QueryParam("cursor") String cursor,
            @Context UriInfo request) {
        int size = Page.limit(limit);
        ImageFilter filter = new ImageFilter(given(registry), given(repository),
                given(severity).map(SeverityLevel::parse), given(vulnerability));
        return images.list(filter, given(cursor), size + 1)
                .map(fetched -> Page.of(fetched, size, ImageQueries::cursorOf, request));
    }

    @GET
    @Path("/{digest}")
    @Operation(summary = "An image with its packages and open findings")
    @APIResponse(responseCode = "200", description = "The image")
    @APIResponse(responseCode = "400", description = "Not a digest (algorithm:hex)")
    @APIResponse(responseCode = "404", description = "No image with this digest")
    public Uni<ImageDetail> get(@PathParam("digest") String digest,
                                @Parameter(description = "'resolved' adds resolved findings")
                                @QueryParam("include") String include) {
        if (!ImageRefs.isDigest(digest)) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "'" + digest + "' is not an image digest (algorithm:hex, e.g. sha256:...)");
        }
        if (include != null && !include.equals(INCLUDE_RESOLVED)) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "include must be '" + INCLUDE_RESOLVED + "', not '" + include + "'");
        }
        return images.detail(digest, include != null).map(found -> found.orElseThrow(() -> new PharosException(
                PharosException.Kind.NOT_FOUND, "no image " + digest)));
    }
}
