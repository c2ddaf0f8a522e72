package dev.pharos.intake.format.harbor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.event.ImagePushed;
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
import static dev.pharos.intake.format.FormatFixtures.withHint;
import static dev.pharos.intake.format.FormatFixtures.withJson;
import static org.assertj.core.api.Assertions.assertThat;

class HarborFormatTest {
    private static final String KIND = "harbor";
    private final HarborFormat format = new HarborFormat();

    @ParameterizedTest
    @ValueSource(strings = {"push-artifact", "push-untagged", "delete-artifact", "pull-artifact", "scanning-completed",
            "pushed-cloudevent", "pulled-cloudevent", "deleted-cloudevent-binary"})
    void parsesDeliveries(String scenario) {
        assertGolden(format, KIND, scenario);
    }

    @Test
    void takesTheEndpointHostWhenAResourceHasNoUrl() {
        WebhookRequest noUrl = withJson(push(), body -> resource(body).remove("resource_url"));
        assertThat(format.parse(withHint(noUrl, "harbor.internal:8443")).notices())
                .singleElement().extracting(notice -> ((ImagePushed) notice.event()).registry())
                .isEqualTo("harbor.internal:8443");
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(push(), "{\"type\": \"PUSH_ARTIFACT\","), MALFORMED_INPUT,
                "Harbor webhook", "not valid JSON");
    }

    @Test
    void rejectsAPushWithoutRepository() {
        assertRejected(format, withJson(push(), body -> body.withObject("/event_data").remove("repository")),
                MALFORMED_INPUT, "/event_data/repository/repo_full_name");
    }

    @Test
    void rejectsOccurAtThatIsNotEpochSeconds() {
        assertRejected(format, withJson(push(), body -> body.put("occur_at", "2026-02-28T09:55:22Z")),
                MALFORMED_INPUT, "/occur_at");
    }

    @Test
    void rejectsResourcesThatAreNotAnArray() {
        assertRejected(format, withJson(push(), body -> body.withObject("/event_data").put("resources", "api")),
                MALFORMED_INPUT, "/event_data/resources");
    }

    @Test
    void rejectsAnInvalidDigest() {
        assertRejected(format, withJson(push(), body -> resource(body).put("digest", "sha256:12345")),
                MALFORMED_INPUT, "/event_data/resources/0", "invalid digest");
    }

    @Test
    void rejectsAResourceUrlWithoutRepository() {
        assertRejected(format, withJson(push(), body -> resource(body).put("resource_url", "harbor.example.com")),
                MALFORMED_INPUT, "/event_data/resources/0/resource_url");
    }

    @Test
    void rejectsACloudEventWithoutId() {
        WebhookRequest event = withJson(request(KIND, "pushed-cloudevent"), body -> body.remove("id"));
        assertRejected(format, event, MALFORMED_INPUT, "/id");
    }

    @Test
    void rejectsABinaryCloudEventWithoutIdHeader() {
        assertRejected(format, withHeader(request(KIND, "deleted-cloudevent-binary"), "Ce-Id", null),
                MALFORMED_INPUT, "/ce-id");
    }

    @Test
    void rejectsABinaryCloudEventWithABadTime() {
        assertRejected(format, withHeader(request(KIND, "deleted-cloudevent-binary"), "Ce-Time", "yesterday"),
                MALFORMED_INPUT, "/ce-time");
    }

    @Test
    void refusesOtherContentTypes() {
        assertRejected(format, withHeader(push(), "Content-Type", "application/x-www-form-urlencoded"),
                UNSUPPORTED, "application/x-www-form-urlencoded");
    }

    private static WebhookRequest push() {
        return request(KIND, "push-artifact");
    }

    private static ObjectNode resource(ObjectNode body) {
        return (ObjectNode) body.withArray("/event_data/resources").get(0);
    }
}
