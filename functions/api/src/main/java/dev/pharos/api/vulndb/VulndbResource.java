package dev.pharos.api.vulndb;

import dev.pharos.api.http.BodyLimit;
import dev.pharos.core.error.PharosException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

@Path(BodyLimit.UPLOAD_PATH)
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "pharos.api.admin-token")
public class VulndbResource {
    private static final Set<String> ZIP_TYPES = Set.of("application/zip", "application/x-zip-compressed",
            "application/octet-stream");
    /** A {@code {"url"|"path"}} body is a line of JSON. */
    private static final int MAX_JSON_BYTES = 64 * 1024;

    private final VulndbImporter importer;
    private final AdminGuard guard;

    public VulndbResource(VulndbImporter importer, AdminGuard guard) {
        this.importer = importer;
        this.guard = guard;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @SecurityRequirement(name = "admin")
    @Operation(summary = "Import OSV advisories",
            description = "An OSV all.zip as the body (application/zip), or JSON {\"url\": ...} (under an allowed "
                    + "prefix) or {\"path\": ...} (below the import root). Emits dev.pharos.vulndb.updated.v1 when "
                    + "something changed. 404 while no admin token is configured.")
    @RequestBody(content = {
            @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportRequestBody.class))})
    @APIResponse(responseCode = "200", description = "The import report",
            content = @Content(schema = @Schema(implementation = ImportAnswer.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
    @APIResponse(responseCode = "404", description = "Disabled: no admin token configured")
    @APIResponse(responseCode = "413", description = "Upload larger than pharos.api.vulndb.max-upload-bytes")
    @APIResponse(responseCode = "422", description = "Path outside the import root, or URL not allowed")
    @APIResponse(responseCode = "503", description = "Another import is running, or a peer is unavailable")
    public ImportAnswer importAdvisories(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                         InputStream body) throws IOException {
        guard.require(authorization, "POST " + BodyLimit.UPLOAD_PATH);
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (ZIP_TYPES.contains(type)) {
            return importer.fromUpload(body);
        }
        if (type.equals(MediaType.APPLICATION_JSON)) {
            try (InputStream in = body) {
                byte[] json = in.readNBytes(MAX_JSON_BYTES + 1);
                if (json.length > MAX_JSON_BYTES) {
                    throw new PharosException(PharosException.Kind.PAYLOAD_TOO_LARGE,
                            "a JSON import request is at most " + MAX_JSON_BYTES + " bytes");
                }
                return importer.fromJson(json);
            }
        }
        throw new PharosException(PharosException.Kind.UNSUPPORTED, "send an all.zip as application/zip or "
                + "{\"url\"|\"path\": ...} as application/json, not '" + contentType + "'");
    }

    /** The JSON request's shape, for the OpenAPI document. */
    @Schema(name = "VulndbImportRequest", description = "Exactly one of url and path")
    public record ImportRequestBody(String url, String path) {
    }
}
