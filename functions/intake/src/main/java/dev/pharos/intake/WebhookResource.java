package dev.pharos.intake;

import dev.pharos.intake.format.WebhookRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Registry webhooks land here, on plain HTTP rather than Funqy: Funqy answers 406 to the media types registries post
 * and 404/409 to events it has no function for, which senders and Knative retry forever (DESIGN.md).
 */
@Path("/webhooks")
public class WebhookResource {
    private final IntakeService intake;

    public WebhookResource(IntakeService intake) {
        this.intake = intake;
    }

    @POST
    @Path("/{endpoint}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<IntakeOutcome> receive(@PathParam("endpoint") String endpoint, @QueryParam("token") String token,
                                      HttpHeaders headers, byte[] body) {
        WebhookRequest request = new WebhookRequest(endpoint, contentType(headers), lowerCaseNames(headers),
                body == null ? new byte[0] : body, Instant.now(), Optional.empty());
        return intake.accept(request, Optional.ofNullable(token));
    }

    private static String contentType(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        return type == null ? "" : (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> lowerCaseNames(HttpHeaders headers) {
        return headers.getRequestHeaders().entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(Locale.ROOT),
                        entry -> entry.getValue().getFirst(), (first, second) -> first));
    }
}
