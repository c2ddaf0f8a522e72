package dev.pharos.api.deadletter;

import dev.pharos.api.ApiTestResource;
import dev.pharos.harness.TestPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The broker's dead-letter sink (POST /internal/dead-letters) in both CloudEvents HTTP modes, with Knative's error
 * extensions, and the listing (GET /api/v1/dead-letters).
 */
@QuarkusTest
@QuarkusTestResource(ApiTestResource.class)
class DeadLetterTest {
    private static final String SCANNER = "http://pharos-scanner.pharos.svc.cluster.local/";

    @Test
    @SuppressWarnings("unchecked")
    void aBinaryModeDeadLetterIsStoredWithKnativesErrorExtensions() {
        String source = "/pharos/intake/" + UUID.randomUUID();
        binary(source, "e-1", "{\"registry\":\"ghcr.io\"}").statusCode(202).body(emptyString());

        Map<String, Object> letter = find(source, "e-1");
        assertThat(letter).containsEntry("type", "dev.pharos.image.pushed.v1")
                .containsEntry("subject", "ghcr.io/acme/app:1")
                .containsEntry("time", "2026-11-23T09:15:30Z")
                .containsEntry("dataContentType", "application/json")
                .containsEntry("data", Map.of("registry", "ghcr.io"))
                .containsEntry("dataBase64", null)
                .containsEntry("deliveries", 1);
        assertThat(letter.get("error")).isEqualTo(Map.of("code", 500, "destination", SCANNER,
                "data", "scanner exploded"));
        assertThat((Map<Object, Object>) letter.get("extensions")).containsEntry("correlationid", "corr-1")
                .containsEntry("knativeerrorcode", "500");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStructuredModeDeadLetterIsStored() {
        String source = "/pharos/scanner/" + UUID.randomUUID();
        String event = """
                {"specversion":"1.0","id":"s-1","source":"%s","type":"dev.pharos.image.scanned.v1",
                 "datacontenttype":"text/plain","data_base64":"%s","knativeerrorcode":422,
                 "knativeerrordest":"http://pharos-enricher/","correlationid":"corr-2"}"""
                .formatted(source, Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        given().contentType("application/cloudevents+json").body(event).post("/internal/dead-letters").then()
                .statusCode(202);
        Map<String, Object> letter = find(source, "s-1");
        assertThat(letter).containsEntry("type", "dev.pharos.image.scanned.v1")
                .containsEntry("data", null)
                .containsEntry("dataBase64", "AQID");
        assertThat((Map<Object, Object>) letter.get("error")).containsEntry("code", 422)
                .containsEntry("destination", "http://pharos-enricher/").containsEntry("data", null);
    }

    @Test
    void aRedeliveredDeadLetterIsStoredOnceAndCounted() {
        String source = "/pharos/intake/" + UUID.randomUUID();
        binary(source, "dup", "{}").statusCode(202);
        binary(source, "dup", "{}").statusCode(202);
        assertThat(find(source, "dup")).containsEntry("deliveries", 2);
        assertThat(all().stream().filter(letter -> letter.get("source").equals(source))).hasSize(1);
    }

    @Test
    void pagesRunNewestFirstAcrossEveryDeadLetter() {
        String source = "/pharos/paged/" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            binary(source, "p-" + i, "{}").statusCode(202);
        }
        List<String> ours = all().stream().filter(letter -> letter.get("source").equals(source))
                .map(letter -> (String) letter.get("id")).toList();
        assertThat(ours).containsExactly("p-4", "p-3", "p-2", "p-1", "p-0");
    }

    @Test
    void somethingThatIsNoCloudEventIs400() {
        given().contentType("application/json").body("{\"hello\":1}").post("/internal/dead-letters").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not a CloudEvent"));
        given().get("/api/v1/dead-letters?limit=0").then().statusCode(400);
        given().get("/api/v1/dead-letters?cursor=eA").then().statusCode(400)
                .body("detail", containsString("invalid cursor"));
    }

    @Test
    void whileTheDatabaseIsDownDeadLettersAre503SoTheBrokerRedelivers() throws InterruptedException {
        String source = "/pharos/outage/" + UUID.randomUUID();
        TestPostgres.shared().stop();
        try {
            binary(source, "o-1", "{}").statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5");
        } finally {
            TestPostgres.shared().start();
        }
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 202; attempt++) {
            status = binary(source, "o-1", "{}").extract().statusCode();
            if (status != 202) {
                assertThat(status).isEqualTo(503);
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(202);
        assertThat(find(source, "o-1")).containsEntry("deliveries", 1);
    }

    private static ValidatableResponse binary(String source, String id, String data) {
        return given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", source)
                .header("ce-type", "dev.pharos.image.pushed.v1").header("ce-subject", "ghcr.io/acme/app:1")
                .header("ce-time", "2026-11-23T09:15:30Z").header("ce-correlationid", "corr-1")
                .header("ce-knativeerrorcode", "500").header("ce-knativeerrordest", SCANNER)
                .header("ce-knativeerrordata", Base64.getEncoder().encodeToString(
                        "scanner exploded".getBytes(StandardCharsets.UTF_8)))
                .body(data).post("/internal/dead-letters").then();
    }

    private static Map<String, Object> find(String source, String id) {
        return all().stream().filter(letter -> letter.get("source").equals(source) && letter.get("id").equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter " + source + " " + id));
    }

    /** Every stored dead letter, newest first, by following the pages. */
    private static List<Map<String, Object>> all() {
        List<Map<String, Object>> letters = new ArrayList<>();
        String next = "/api/v1/dead-letters?limit=3";
        while (next != null) {
            JsonPath page = given().urlEncodingEnabled(false).get(next).then().statusCode(200).extract().jsonPath();
            letters.addAll(page.getList("items"));
            next = page.getString("next");
        }
        return letters;
    }
}
