package dev.pharos.intake.format.distribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.intake.format.WebhookRequest;
import org.junit.jupiter.api.Test;

import static dev.pharos.core.error.PharosException.Kind.MALFORMED_INPUT;
import static dev.pharos.core.error.PharosException.Kind.UNSUPPORTED;
import static dev.pharos.intake.format.FormatFixtures.assertGolden;
import static dev.pharos.intake.format.FormatFixtures.assertRejected;
import static dev.pharos.intake.format.FormatFixtures.request;
import static dev.pharos.intake.format.FormatFixtures.withBody;
import static dev.pharos.intake.format.FormatFixtures.withHeader;
import static dev.pharos.intake.format.FormatFixtures.withJson;

class DistributionFormatTest {
    private static final String KIND = "distribution";
    private final DistributionFormat format = new DistributionFormat();

    @Test
    void v1EnvelopeYieldsTheManifestPushAndTheDeleteAndIgnoresBlobsAndPulls() {
        assertGolden(format, KIND, "envelope-v1");
    }

    @Test
    void v2EnvelopeOfDistributionV3() {
        assertGolden(format, KIND, "envelope-v2");
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(envelope(), "{\"events\": [{"), MALFORMED_INPUT,
                "distribution envelope", "not valid JSON");
    }

    @Test
    void rejectsAnEnvelopeWithoutEvents() {
        assertRejected(format, withBody(envelope(), "{\"event\": []}"), MALFORMED_INPUT, "/events", "missing");
    }

    @Test
    void rejectsAManifestPushWithoutRepository() {
        assertRejected(format, withJson(envelope(), body -> target(body, 2).remove("repository")),
                MALFORMED_INPUT, "/events/2/target/repository");
    }

    @Test
    void rejectsAWronglyTypedAction() {
        assertRejected(format, withJson(envelope(), body -> event(body, 1).put("action", 7)),
                MALFORMED_INPUT, "expected a string at /events/1/action");
    }

    @Test
    void rejectsAnInvalidDigest() {
        assertRejected(format, withJson(envelope(), body -> target(body, 2).put("digest", "sha256:not-hex")),
                MALFORMED_INPUT, "/events/2", "invalid digest");
    }

    @Test
    void refusesOtherContentTypes() {
        assertRejected(format, withHeader(envelope(), "Content-Type", "text/plain"), UNSUPPORTED, "text/plain");
    }

    private static WebhookRequest envelope() {
        return request(KIND, "envelope-v1");
    }

    private static ObjectNode event(ObjectNode body, int index) {
        return (ObjectNode) body.withArray("/events").get(index);
    }

    private static ObjectNode target(ObjectNode body, int index) {
        return (ObjectNode) event(body, index).get("target");
    }
}
