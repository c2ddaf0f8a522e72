package dev.pharos.intake.format.ghcr;

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
import static org.assertj.core.api.Assertions.assertThat;

class GhcrFormatTest {
    private static final String KIND = "ghcr";
    private final GhcrFormat format = new GhcrFormat();

    @ParameterizedTest
    @ValueSource(strings = {"registry-package-published", "package-published-untagged", "package-published-npm",
            "ping"})
    void parsesDeliveries(String scenario) {
        assertGolden(format, KIND, scenario);
    }

    @Test
    void ignoresActionsOtherThanPublishedAndUpdated() {
        WebhookRequest other = withJson(published(), body -> body.put("action", "deleted"));
        assertThat(format.parse(other).ignored()).isEqualTo(1);
    }

    @Test
    void ignoresEventsOtherThanPackages() {
        assertThat(format.parse(withHeader(published(), "X-GitHub-Event", "push")).ignored()).isEqualTo(1);
    }

    @Test
    void rejectsADeliveryWithoutEventHeader() {
        assertRejected(format, withHeader(published(), "X-GitHub-Event", null), MALFORMED_INPUT, "X-GitHub-Event");
    }

    @Test
    void rejectsBrokenJson() {
        assertRejected(format, withBody(published(), "{\"action\": published}"), MALFORMED_INPUT,
                "GitHub webhook", "not valid JSON");
    }

    @Test
    void rejectsAPackageWithoutOwner() {
        assertRejected(format, withJson(published(), body -> pkg(body).remove("owner")), MALFORMED_INPUT,
                "/registry_package/owner/login");
    }

    @Test
    void rejectsAPackageTypeThatIsNotAString() {
        assertRejected(format, withJson(published(), body -> pkg(body).putObject("package_type")), MALFORMED_INPUT,
                "expected a string at /registry_package/package_type");
    }

    @Test
    void rejectsAnInvalidDigest() {
        WebhookRequest bad = withJson(published(), body -> body
                .withObject("/registry_package/package_version/container_metadata/tag").put("digest", "sha256:zz"));
        assertRejected(format, bad, MALFORMED_INPUT, "/registry_package/package_version", "invalid digest");
    }

    @Test
    void refusesFormEncodedDeliveries() {
        assertRejected(format, withHeader(published(), "Content-Type", "application/x-www-form-urlencoded"),
                UNSUPPORTED, "application/x-www-form-urlencoded");
    }

    private static WebhookRequest published() {
        return request(KIND, "registry-package-published");
    }

    private static ObjectNode pkg(ObjectNode body) {
        return body.withObject("/registry_package");
    }
}
