package dev.pharos.intake.format.gcr;

import dev.pharos.intake.format.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.pharos.core.error.PharosException.Kind.MALFORMED_INPUT;
import static dev.pharos.core.error.PharosException.Kind.UNSUPPORTED;
import static dev.pharos.intake.format.FormatFixtures.assertGolden;
import static dev.pharos.intake.format.FormatFixtures.assertRejected;
import static dev.pharos.intake.format.FormatFixtures.request;
import static dev.pharos.intake.format.FormatFixtures.withBody;
import static dev.pharos.intake.format.FormatFixtures.withHeader;
import static dev.pharos.intake.format.FormatFixtures.withJson;
import static org.assertj.core.api.Assertions.assertThat;

class GcrFormatTest {
    private static final String KIND = "gcr";
    private static final String IMAGE = "us-east1-docker.pkg.dev/acme-platform/apps/payments-api";
    private final GcrFormat format = new GcrFormat();

    @ParameterizedTest
    @ValueSource(strings = {"insert-tagged", "insert-digest-only", "delete-tag-unwrapped",
            "insert-unwrapped-no-metadata"})
    void parsesDeliveries(String scenario) {
        assertGolden(format, KIND, scenario);
    }

    @Test
    void ignoresActionsOtherThanInsertAndDelete() {
        // Only INSERT and DELETE are documented; anything else is not an image change we know.
        assertThat(format.parse(wrapped("{\"action\":\"UPDATE\",\"tag\":\"" + IMAGE + ":1\"}")).ignored())
                .isEqualTo(1);
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(insert(), "{\"message\":"), MALFORMED_INPUT, "Pub/Sub push", "not valid JSON");
    }

    @Test
    void rejectsDataThatIsNotBase64() {
        WebhookRequest bad = withJson(insert(), body -> body.withObject("/message").put("data", "{not base64}"));
        assertRejected(format, bad, MALFORMED_INPUT, "not base64 at /message/data");
    }

    @Test
    void rejectsDataThatIsNotJson() {
        assertRejected(format, wrapped("INSERT " + IMAGE + ":1.4.2"), MALFORMED_INPUT, "/message/data",
                "not valid JSON");
    }

    @Test
    void rejectsAMessageWithoutAction() {
        assertRejected(format, wrapped("{\"tag\":\"" + IMAGE + ":1.4.2\"}"), MALFORMED_INPUT, "/message/data",
                "/action");
    }

    @Test
    void rejectsAMessageNamingNoImage() {
        assertRejected(format, wrapped("{\"action\":\"INSERT\"}"), MALFORMED_INPUT, "/digest", "/tag");
    }

    @Test
    void rejectsATagOfTheWrongType() {
        assertRejected(format, wrapped("{\"action\":\"INSERT\",\"tag\":[\"1.4.2\"]}"), MALFORMED_INPUT,
                "expected a string at /tag");
    }

    @Test
    void rejectsAnInvalidDigest() {
        assertRejected(format, wrapped("{\"action\":\"INSERT\",\"digest\":\"" + IMAGE + "@sha256:abc\"}"),
                MALFORMED_INPUT, "/digest", "invalid digest");
    }

    @Test
    void rejectsAReferenceWithoutHost() {
        assertRejected(format, wrapped("{\"action\":\"DELETE\",\"tag\":\"payments-api:1.4.2\"}"), MALFORMED_INPUT,
                "/tag", "no registry host");
    }

    @Test
    void rejectsDigestAndTagOfDifferentImages() {
        String data = "{\"action\":\"INSERT\",\"digest\":\"" + IMAGE + "@sha256:" + "ab".repeat(32)
                + "\",\"tag\":\"" + IMAGE + "-v2:1.4.2\"}";
        assertRejected(format, wrapped(data), MALFORMED_INPUT, "/digest and /tag");
    }

    @Test
    void rejectsABadPublishTimeHeader() {
        WebhookRequest unwrapped = withHeader(request(KIND, "delete-tag-unwrapped"), "X-Goog-Pubsub-Publish-Time",
                "1772272522");
        assertRejected(format, unwrapped, MALFORMED_INPUT, "/x-goog-pubsub-publish-time");
    }

    @Test
    void refusesOtherContentTypes() {
        assertRejected(format, withHeader(insert(), "Content-Type", "application/xml"), UNSUPPORTED,
                "application/xml");
    }

    private static WebhookRequest insert() {
        return request(KIND, "insert-tagged");
    }

    /** The tagged insert delivery carrying other message data. */
    private static WebhookRequest wrapped(String data) {
        String encoded = Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8));
        return withJson(insert(), body -> body.withObject("/message").put("data", encoded));
    }
}
