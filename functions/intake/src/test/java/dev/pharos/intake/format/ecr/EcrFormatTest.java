package dev.pharos.intake.format.ecr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.intake.format.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.pharos.core.error.PharosException.Kind.MALFORMED_INPUT;
import static dev.pharos.core.error.PharosException.Kind.UNSUPPORTED;
import static dev.pharos.intake.format.FormatFixtures.assertGolden;
import static dev.pharos.intake.format.FormatFixtures.assertRejected;
import static dev.pharos.intake.format.FormatFixtures.request;
import static dev.pharos.intake.format.FormatFixtures.withBody;
import static dev.pharos.intake.format.FormatFixtures.withHeader;
import static dev.pharos.intake.format.FormatFixtures.withJson;

class EcrFormatTest {
    private static final String KIND = "ecr";
    private final EcrFormat format = new EcrFormat();

    /** image-delete is from a China region, whose registries are under amazonaws.com.cn. */
    @ParameterizedTest
    @ValueSource(strings = {"image-push", "image-delete", "image-push-failed", "image-scan", "pull-through-cache"})
    void parsesDeliveries(String scenario) {
        assertGolden(format, KIND, scenario);
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(push(), "{\"detail-type\": \"ECR Image Action\""), MALFORMED_INPUT,
                "EventBridge event", "not valid JSON");
    }

    @Test
    void rejectsAnEventWithoutRepository() {
        assertRejected(format, withJson(push(), body -> detail(body).remove("repository-name")), MALFORMED_INPUT,
                "/detail/repository-name");
    }

    @Test
    void rejectsAnAccountThatIsNotAString() {
        assertRejected(format, withJson(push(), body -> body.put("account", 123456789012L)), MALFORMED_INPUT,
                "expected a string at /account");
    }

    @Test
    void rejectsAnAccountThatIsNotAnAccountId() {
        assertRejected(format, withJson(push(), body -> body.put("account", "evil.example.com/x")),
                MALFORMED_INPUT, "/account");
    }

    @Test
    void rejectsAnInvalidDigest() {
        assertRejected(format, withJson(push(), body -> detail(body).put("image-digest", "sha256:")),
                MALFORMED_INPUT, "/detail", "invalid digest");
    }

    @Test
    void rejectsAnEventWithoutId() {
        assertRejected(format, withJson(push(), body -> body.remove("id")), MALFORMED_INPUT, "/id");
    }

    @Test
    void refusesOtherContentTypes() {
        assertRejected(format, withHeader(push(), "Content-Type", "text/plain"), UNSUPPORTED, "text/plain");
    }

    private static WebhookRequest push() {
        return request(KIND, "image-push");
    }

    private static ObjectNode detail(ObjectNode body) {
        return body.withObject("/detail");
    }
}
