package dev.pharos.intake;

import dev.pharos.harness.CapturingSink;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.UUID;

import static dev.pharos.intake.Deliveries.DISTRIBUTION_V1;
import static dev.pharos.intake.Deliveries.distributionEnvelope;
import static dev.pharos.intake.Deliveries.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every bad delivery gets its specific status and a problem body naming what is wrong, and causes nothing. */
@QuarkusTest
@QuarkusTestResource(IntakeTestResource.class)
class WebhookRejectionTest {
    private static final String BEARER = "Bearer " + IntakeTestResource.REGISTRY_TOKEN;
    private static final String DIGEST = "sha256:" + "5a".repeat(32);

    private final CapturingSink sink = IntakeTestResource.sink();
    private int eventsBefore;

    @BeforeEach
    void countEvents() {
        eventsBefore = sink.events().size();
    }

    private void assertNothingEmitted() {
        assertThat(sink.events()).hasSize(eventsBefore);
    }

    private byte[] goodEnvelope() {
        return distributionEnvelope(UUID.randomUUID().toString(), "team/app", "1.0", DIGEST).getBytes();
    }

    @Test
    void aMissingTokenIs401() {
        post("registry", DISTRIBUTION_V1, null, goodEnvelope()).statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("missing bearer token"));
        assertNothingEmitted();
    }

    @Test
    void aWrongTokenIs401AndTheTokenIsNotEchoed() {
        String answer = post("registry", DISTRIBUTION_V1, "Bearer wrong-token-xyz", goodEnvelope()).statusCode(401)
                .body("detail", containsString("does not match")).extract().asString();
        assertThat(answer).doesNotContain("wrong-token-xyz").doesNotContain(IntakeTestResource.REGISTRY_TOKEN);
        assertNothingEmitted();
    }

    @Test
    void anotherEndpointsTokenIs401() {
        post("registry", DISTRIBUTION_V1, "Bearer " + IntakeTestResource.HUB_TOKEN, goodEnvelope()).statusCode(401);
        assertNothingEmitted();
    }

    @Test
    void theTokenMayComeAsAQueryParameterForSendersThatCannotSetHeaders() {
        given().contentType(DISTRIBUTION_V1).queryParam("token", IntakeTestResource.REGISTRY_TOKEN)
                .body(goodEnvelope()).post("/webhooks/registry").then().statusCode(200);
        given().contentType(DISTRIBUTION_V1).queryParam("token", "nope")
                .body(goodEnvelope()).post("/webhooks/registry").then().statusCode(401);
    }

    @Test
    void anHmacEndpointNeedsAMatchingSignatureOfTheExactBody() {
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes();
        String good = "sha256=" + HexFormat.of().formatHex(
                EndpointAuthenticator.hmacSha256(IntakeTestResource.GHCR_SECRET, ping));
        String forOtherBody = "sha256=" + HexFormat.of().formatHex(
                EndpointAuthenticator.hmacSha256(IntakeTestResource.GHCR_SECRET, "{}".getBytes()));

        ghcr(ping, null).statusCode(401).body("detail", containsString("missing X-Hub-Signature-256"));
        ghcr(ping, forOtherBody).statusCode(401).body("detail", containsString("does not match"));
        ghcr(ping, "sha256=zz").statusCode(401).body("detail", containsString("not hexadecimal"));
        ghcr(ping, good).statusCode(200).body("ignored", equalTo(1));
        assertNothingEmitted();
    }

    private io.restassured.response.ValidatableResponse ghcr(byte[] body, String signature) {
        var request = given().contentType("application/json").header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString()).body(body);
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return request.post("/webhooks/ghcr").then();
    }

    @Test
    void notJsonIs400NamingWhere() {
        post("registry", DISTRIBUTION_V1, BEARER, "{\"events\": [".getBytes()).statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/malformed-input"))
                .body("detail", containsString("not valid JSON"));
        assertNothingEmitted();
    }

    @Test
    void anEmptyBodyIs400() {
        post("registry", DISTRIBUTION_V1, BEARER, new byte[0]).statusCode(400)
                .body("detail", containsString("empty body"));
    }

    @Test
    void eventsThatAreNotAnArrayAre400() {
        post("registry", DISTRIBUTION_V1, BEARER, "{\"events\":{}}".getBytes()).statusCode(400)
                .body("detail", containsString("expected an array at /events"));
    }

    @Test
    void aManifestPushWithoutRepositoryRejectsTheWholeEnvelope() {
        String envelope = new String(goodEnvelope()).replace("\"repository\":\"team/app\",\"url\":\"http://127.0.0.1:5000/v2/team/app/manifests",
                "\"url\":\"http://127.0.0.1:5000/v2/team/app/manifests");
        post("registry", DISTRIBUTION_V1, BEARER, envelope.getBytes()).statusCode(400)
                .body("detail", containsString("/events/1/target/repository"));
        assertNothingEmitted();
    }

    @Test
    void anInvalidDigestIs400NamingIt() {
        String envelope = new String(goodEnvelope()).replace("\"digest\":\"" + DIGEST, "\"digest\":\"sha256:nothex");
        post("registry", DISTRIBUTION_V1, BEARER, envelope.getBytes()).statusCode(400)
                .body("detail", containsString("invalid digest"));
        assertNothingEmitted();
    }

    @Test
    void aForeignContentTypeIs415() {
        post("registry", "text/plain", BEARER, goodEnvelope()).statusCode(415)
                .body("detail", containsString("text/plain"));
        assertNothingEmitted();
    }

    @Test
    void anOversizedDeliveryIs413() {
        byte[] big = new byte[IntakeTestResource.MAX_PAYLOAD + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        post("registry", DISTRIBUTION_V1, BEARER, big).statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("exceeds the limit of " + IntakeTestResource.MAX_PAYLOAD));
        assertNothingEmitted();
    }

    @Test
    void anUnknownEndpointIs404() {
        post("nowhere", DISTRIBUTION_V1, BEARER, goodEnvelope()).statusCode(404)
                .body("detail", containsString("no webhook endpoint named 'nowhere'"));
    }

    @Test
    void pullsAndMountsAreAcknowledgedAndIgnored() {
        String envelope = new String(goodEnvelope()).replace("\"action\":\"push\"", "\"action\":\"pull\"");
        post("registry", DISTRIBUTION_V1, BEARER, envelope.getBytes()).statusCode(200)
                .body("emitted", equalTo(0)).body("ignored", equalTo(2));
        assertNothingEmitted();
    }
}
