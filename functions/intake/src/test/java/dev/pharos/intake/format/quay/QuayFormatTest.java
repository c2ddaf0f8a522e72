package dev.pharos.intake.format.quay;

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

class QuayFormatTest {
    private static final String KIND = "quay";
    private final QuayFormat format = new QuayFormat();

    @ParameterizedTest
    @ValueSource(strings = {"repo-push", "repo-push-self-hosted", "repo-push-2013", "build-success"})
    void parsesDeliveries(String scenario) {
        assertGolden(format, KIND, scenario);
    }

    @Test
    void takesTheEndpointHostWhenThereIsNoDockerUrl() {
        WebhookRequest noUrl = withJson(push(), body -> body.remove("docker_url"));
        assertThat(format.parse(withHint(noUrl, "quay.example.org")).notices())
                .extracting(notice -> ((ImagePushed) notice.event()).registry())
                .containsOnly("quay.example.org");
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(push(), "{\"updated_tags\": [\"latest\""), MALFORMED_INPUT,
                "Quay notification", "not valid JSON");
    }

    @Test
    void rejectsAPushWithoutRepository() {
        assertRejected(format, withJson(push(), body -> body.remove("repository")), MALFORMED_INPUT,
                "/repository");
    }

    @Test
    void rejectsAPushWithoutAnyHost() {
        assertRejected(format, withJson(push(), body -> body.remove("docker_url")), MALFORMED_INPUT,
                "/docker_url");
    }

    @Test
    void rejectsUpdatedTagsOfTheWrongType() {
        assertRejected(format, withJson(push(), body -> body.put("updated_tags", "latest")), MALFORMED_INPUT,
                "/updated_tags", "STRING");
    }

    @Test
    void rejectsATagThatIsNotAString() {
        assertRejected(format, withJson(push(), body -> body.withArray("/updated_tags").add(3)), MALFORMED_INPUT,
                "expected a string at /updated_tags/2");
    }

    @Test
    void rejectsAnInvalidTag() {
        assertRejected(format, withJson(push(), body -> body.withArray("/updated_tags").set(0, "1.4 2")),
                MALFORMED_INPUT, "/updated_tags/0", "invalid tag");
    }

    @Test
    void refusesOtherContentTypes() {
        assertRejected(format, withHeader(push(), "Content-Type", "application/xml"), UNSUPPORTED,
                "application/xml");
    }

    private static WebhookRequest push() {
        return request(KIND, "repo-push");
    }
}
