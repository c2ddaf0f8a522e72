package dev.pharos.intake.format.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.Timestamps;
import dev.pharos.intake.format.WebhookFormat;
import dev.pharos.intake.format.WebhookRequest;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.Senders;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Amazon ECR events as an EventBridge API destination posts them: the whole event, no input transformer
 * (docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html). {@code source} {@code aws.ecr},
 * {@code detail-type} {@code "ECR Image Action"}, {@code id}, {@code time}, {@code account}, {@code region} and
 * {@code detail} {result SUCCESS|FAILURE, repository-name, image-digest, image-tag, action-type PUSH|DELETE, and in
 * newer events manifest-media-type / artifact-media-type}. Failed actions and other detail types ("ECR Image Scan",
 * "ECR Pull Through Cache Action", "ECR Scan Resource Change", ...) are ignored. ECR emits these events on a best
 * effort basis. The event {@code id} is kept across EventBridge retries, so it is the sender id.
 */
@ApplicationScoped
public class EcrFormat implements WebhookFormat {
    static final String IMAGE_ACTION = "ECR Image Action";
    static final Map<String, ImageAction> ACTIONS = Map.of("PUSH", ImageAction.PUSHED, "DELETE", ImageAction.DELETED);
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    @Override
    public SourceKind kind() {
        return SourceKind.ECR;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        JsonNode root = Senders.jsonBody(request, "EventBridge event");
        if (!Json.text(root, "/source").equals("aws.ecr") || !Json.text(root, "/detail-type").equals(IMAGE_ACTION)
                || !Json.text(root, "/detail/result").equals("SUCCESS")) {
            return ParsedDelivery.ignoredOnly(1);
        }
        ImageAction action = ACTIONS.get(Json.text(root, "/detail/action-type"));
        if (action == null) {
            return ParsedDelivery.ignoredOnly(1);
        }
        ImageEvent event = action.event("/detail", kind(), registry(root),
                Json.text(root, "/detail/repository-name"),
                Json.optionalText(root, "/detail/image-tag").orElse(null),
                Json.optionalText(root, "/detail/image-digest").orElse(null),
                Json.optionalText(root, "/detail/manifest-media-type").orElse(null),
                Timestamps.rfc3339(root, "/time").orElse(request.receivedAt()), null);
        return new ParsedDelivery(List.of(RegistryNotice.identified(Json.text(root, "/id"), event)), 0);
    }

    /** A private registry is {@code <account>.dkr.ecr.<region>.amazonaws.com}, under {@code .com.cn} in China. */
    static String registry(JsonNode root) {
        String account = Json.text(root, "/account");
        if (!ACCOUNT.matcher(account).matches()) {
            throw Json.malformed("expected a 12-digit AWS account id at /account: '" + account + "'");
        }
        String region = Json.text(root, "/region");
        return account + ".dkr.ecr." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
    }
}
