package dev.pharos.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.harness.CapturingSink;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every recorded sender delivery (src/test/resources/webhooks/<kind>/) posted to its endpoint over HTTP, with the
 * credential that sender uses: the answer counts and the events on the broker match the scenario's golden file.
 */
@QuarkusTest
@QuarkusTestResource(IntakeTestResource.class)
class SenderFixturesOverHttpTest {
    private static final Path FIXTURES = Path.of("src/test/resources/webhooks");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENDPOINT_OF_KIND = Map.of("distribution", "registry");

    private final CapturingSink sink = IntakeTestResource.sink();

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.map(Path::toString).filter(name -> name.endsWith(".expected.json"))
                    .map(name -> FIXTURES.relativize(Path.of(name)).toString().replace(".expected.json", ""))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void aRecordedDeliveryBecomesTheEventsItsGoldenFileLists(String scenario) throws IOException {
        String kind = scenario.substring(0, scenario.indexOf('/'));
        JsonNode golden = JSON.readTree(FIXTURES.resolve(scenario + ".expected.json").toFile());
        byte[] body = Files.readAllBytes(FIXTURES.resolve(scenario + ".json"));
        int notices = golden.get("notices").size();

        var answer = delivery(kind, scenario, body).post("/webhooks/" + ENDPOINT_OF_KIND.getOrDefault(kind, kind))
                .then().statusCode(200).body("ignored", equalTo(golden.get("ignored").asInt()))
                .extract().jsonPath();
        assertThat(answer.getInt("emitted") + answer.getInt("duplicates")).isEqualTo(notices);

        List<String> subjects = sink.events().stream().map(CloudEvent::getSubject).toList();
        for (JsonNode notice : golden.get("notices")) {
            JsonNode event = notice.get("event");
            String reference = event.get("registry").asText() + "/" + event.get("repository").asText();
            assertThat(subjects).as("an event for %s from %s", reference, scenario)
                    .anyMatch(subject -> subject.startsWith(reference + ":") || subject.startsWith(reference + "@"));
        }
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void anEndpointsRegistrySettingNamesTheHostForSendersThatNameNone() throws IOException {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("dockerhub/push.json"));
        given().contentType("application/json").queryParam("token", IntakeTestResource.HUB_TOKEN).body(body)
                .post("/webhooks/hub-mirror").then().statusCode(200);
        assertThat(sink.events()).anyMatch(event -> event.getSubject()
                .startsWith(IntakeTestResource.MIRROR_HOST + "/"));
    }

    /** The request as the sender makes it: its recorded headers, plus the credential its endpoint expects. */
    private static RequestSpecification delivery(String kind, String scenario, byte[] body) throws IOException {
        RequestSpecification request = given().body(body);
        Properties headers = new Properties();
        Path file = FIXTURES.resolve(scenario + ".headers.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                headers.load(in);
            }
        }
        headers.forEach((name, value) -> request.header(name.toString(), value.toString()));
        if (!headers.containsKey("Content-Type")) {
            request.contentType("application/json");
        }
        return switch (kind) {
            case "ghcr" -> request.header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(
                    EndpointAuthenticator.hmacSha256(IntakeTestResource.GHCR_SECRET, body)));
            case "harbor" -> request.header("Authorization", IntakeTestResource.HARBOR_AUTH);
            case "dockerhub" -> request.queryParam("token", IntakeTestResource.HUB_TOKEN);
            case "quay" -> request.queryParam("token", IntakeTestResource.QUAY_TOKEN);
            case "gcr" -> request.queryParam("token", IntakeTestResource.GCR_TOKEN);
            case "ecr" -> request.header("Authorization", "Bearer " + IntakeTestResource.ECR_TOKEN);
            default -> request.header("Authorization", "Bearer " + IntakeTestResource.REGISTRY_TOKEN);
        };
    }
}
