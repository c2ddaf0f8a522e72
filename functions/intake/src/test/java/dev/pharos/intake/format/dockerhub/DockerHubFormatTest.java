package dev.pharos.intake.format.dockerhub;

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

/** Docker Hub sends push events only, so there is no ignored kind to test. */
class DockerHubFormatTest {
    private static final String KIND = "dockerhub";
    private final DockerHubFormat format = new DockerHubFormat();

    @ParameterizedTest
    @ValueSource(strings = {"push", "push-without-callback"})
    void parsesDeliveries(String scenario) {
        assertGolden(format, KIND, scenario);
    }

    @Test
    void namesTheRegistryAfterTheEndpointHint() {
        assertThat(pushed(withHint(push(), "mirror.example.com"))).extracting(ImagePushed::registry)
                .isEqualTo("mirror.example.com");
    }

    @Test
    void putsOfficialImagesUnderLibrary() {
        // In case Hub names an official image without its namespace (not seen in the documented payload).
        WebhookRequest official = withJson(push(), body -> body.withObject("/repository").put("repo_name", "nginx"));
        assertThat(pushed(official)).extracting(ImagePushed::repository).isEqualTo("library/nginx");
    }

    @Test
    void readsPushedAtWrittenAsAFloat() {
        // The older documented payload wrote "pushed_at": 1.417566161e+09.
        WebhookRequest floating = withJson(push(),
                body -> body.withObject("/push_data").put("pushed_at", 1.417566161e9));
        assertThat(pushed(floating).pushedAt()).hasToString("2014-12-03T00:22:41Z");
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(push(), "push_data=latest"), MALFORMED_INPUT, "Docker Hub webhook",
                "not valid JSON");
    }

    @Test
    void rejectsAPushWithoutRepository() {
        assertRejected(format, withJson(push(), body -> body.remove("repository")), MALFORMED_INPUT,
                "/repository/repo_name");
    }

    @Test
    void rejectsATagThatIsNotAString() {
        assertRejected(format, withJson(push(), body -> body.withObject("/push_data").put("tag", 142)),
                MALFORMED_INPUT, "expected a string at /push_data/tag");
    }

    @Test
    void rejectsPushedAtThatIsNotEpochSeconds() {
        assertRejected(format, withJson(push(), body -> body.withObject("/push_data").put("pushed_at", "today")),
                MALFORMED_INPUT, "/push_data/pushed_at");
    }

    @Test
    void rejectsAnInvalidTag() {
        assertRejected(format, withJson(push(), body -> body.withObject("/push_data").put("tag", "-rc1")),
                MALFORMED_INPUT, "/push_data", "invalid tag");
    }

    @Test
    void refusesOtherContentTypes() {
        assertRejected(format, withHeader(push(), "Content-Type", "text/html"), UNSUPPORTED, "text/html");
    }

    private ImagePushed pushed(WebhookRequest request) {
        return (ImagePushed) format.parse(request).notices().getFirst().event();
    }

    private static WebhookRequest push() {
        return request(KIND, "push");
    }
}
