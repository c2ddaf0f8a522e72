package dev.pharos.api.vulndb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.api.Advisories;
import dev.pharos.api.ApiTestResource;
import dev.pharos.api.Seed;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.TestPostgres;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.pharos.api.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** POST /api/v1/vulndb/import: uploads, server-side paths and URLs, guarded, bounded, announced once. */
@QuarkusTest
@QuarkusTestResource(ApiTestResource.class)
class VulndbImportTest {
    private static final int SUITE_SIZE = Advisories.suiteRecords().size();
    private static final byte[] BROKEN = "{\"id\": \"BROKEN-1\", \"modified\": \"yesterday\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final CapturingSink sink = ApiTestResource.sink();

    @AfterEach
    void eventsMatchTheirSchemas() {
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void anUploadedZipIsImportedReportedAndAnnouncedOnce() throws IOException {
        String prefix = prefix();
        byte[] zip = Advisories.zip(Advisories.renamed(prefix),
                Map.of("broken.json", BROKEN, "README.txt", new byte[] {1}));
        String source = "upload:sha256:" + sha256(zip);

        long generation = upload(zip).statusCode(200)
                .body("source", equalTo(source))
                .body("inserted", equalTo(SUITE_SIZE))
                .body("updated", equalTo(0))
                .body("unchanged", equalTo(0))
                .body("rejected", hasSize(1))
                .body("rejected[0].id", equalTo("BROKEN-1"))
                .body("rejected[0].reason", containsString("modified"))
                .extract().jsonPath().getLong("generation");
        assertThat(generation).isPositive();

        CloudEvent event = vulndbEvent(generation);
        assertThat(event.getId()).isEqualTo(PharosEvents.stableId("vulndb.updated/" + generation));
        assertThat(event.getSource()).hasToString("/pharos/api");
        JsonNode data = new ObjectMapper().readTree(event.getData().toBytes());
        assertThat(data.get("generation").asLong()).isEqualTo(generation);
        assertThat(data.get("source").asText()).isEqualTo(source);
        assertThat(data.get("inserted").asInt()).isEqualTo(SUITE_SIZE);
        assertThat(Seed.row("SELECT announced_at FROM vulndb_generation WHERE generation = ?", generation)
                .get("announced_at")).isNotNull();
        assertThat(Seed.row("SELECT count(*) AS n FROM advisory WHERE id LIKE ?", prefix + "%"))
                .containsEntry("n", (long) SUITE_SIZE);

        // The same archive again changes nothing: same generation, nothing announced, no second event.
        upload(zip).statusCode(200)
                .body("inserted", equalTo(0))
                .body("unchanged", equalTo(SUITE_SIZE))
                .body("generation", equalTo((int) generation))
                .body("announced", hasSize(0));
        assertThat(sink.events().stream().filter(e -> e.getSubject().equals("vulndb")
                && e.getId().equals(event.getId()))).hasSize(1);
    }

    @Test
    void aDirectoryAndAZipBelowTheImportRootAreImported() throws IOException {
        String directory = "feeds/" + UUID.randomUUID();
        Map<String, byte[]> records = Advisories.renamed(prefix());
        Advisories.write(records, ApiTestResource.importRoot().resolve(directory));
        json("{\"path\": \"" + directory + "\"}").statusCode(200)
                .body("source", equalTo("path:" + directory))
                .body("inserted", equalTo(SUITE_SIZE));

        String zipName = "zips/" + UUID.randomUUID() + "/all.zip";
        Path zip = ApiTestResource.importRoot().resolve(zipName);
        Files.createDirectories(zip.getParent());
        Files.write(zip, Advisories.zip(Advisories.renamed(prefix()), Map.of()));
        json("{\"path\": \"" + zipName + "\"}").statusCode(200).body("inserted", equalTo(SUITE_SIZE));
    }

    @Test
    void pathsOutsideTheImportRootAreRefused() throws IOException {
        forbidden("{\"path\": \"../../etc\"}", "must not contain '..'");
        forbidden("{\"path\": \"feeds/../../etc\"}", "must not contain '..'");
        forbidden("{\"path\": \"/etc\"}", "outside the import root");
        Path outside = Files.createTempDirectory("pharos-outside");
        Advisories.write(Advisories.renamed(prefix()), outside);
        Path link = ApiTestResource.importRoot().resolve("link-" + UUID.randomUUID());
        Files.createSymbolicLink(link, outside);
        forbidden("{\"path\": \"" + link.getFileName() + "\"}", "through a link");
        json("{\"path\": \"missing-" + UUID.randomUUID() + "\"}").statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aUrlUnderAnAllowedPrefixIsFetchedAndOthersAreRefused() {
        byte[] zip = Advisories.zip(Advisories.renamed(prefix()), Map.of());
        String url = ApiTestResource.mirror(UUID.randomUUID() + "/all.zip", zip);
        json("{\"url\": \"" + url + "?signature=secret\"}").statusCode(200)
                .body("source", equalTo(url))
                .body("inserted", equalTo(SUITE_SIZE));

        forbidden("{\"url\": \"http://127.0.0.1:9/osv/all.zip\"}", "not under an allowed prefix");
        forbidden("{\"url\": \"file:///etc/passwd\"}", "must be http or https");
        forbidden("{\"url\": \"" + ApiTestResource.mirrorPrefix().replace("http://", "http://user:pw@")
                + "all.zip\"}", "must not carry credentials");
        json("{\"url\": \"" + ApiTestResource.mirrorPrefix() + "absent/all.zip\"}").statusCode(503)
                .body("detail", containsString("404"));
    }

    @Test
    void theAdminTokenIsRequired() {
        given().contentType("application/json").body("{\"path\": \"x\"}").post("/api/v1/vulndb/import").then()
                .statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/unauthenticated"));
        given().contentType("application/json").header("Authorization", "Bearer wrong").body("{\"path\": \"x\"}")
                .post("/api/v1/vulndb/import").then().statusCode(401)
                .body("detail", equalTo("the bearer token is not the admin token"));
    }

    @Test
    void badRequestsAreProblems() {
        upload(new byte[ApiTestResource.MAX_UPLOAD + 1]).statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/payload-too-large"));
        upload("not a zip".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .body("detail", containsString("not a zip archive"));
        authorized().contentType("text/plain").body("hello").post("/api/v1/vulndb/import").then().statusCode(415)
                .body("type", equalTo("https://pharos.dev/problems/unsupported"));
        json("{\"url\": \"http://a/\", \"path\": \"b\"}").statusCode(400)
                .body("detail", containsString("exactly one of /url and /path"));
        json("{\"path\": ").statusCode(400).body("detail", containsString("not valid JSON"));
        json("{\"file\": \"x\"}").statusCode(400).body("detail", containsString("unknown field /file"));
    }

    @Test
    void aSecondImportWhileOneRunsIsRefusedForRetry() throws SQLException {
        TestPostgres postgres = TestPostgres.shared();
        try (Connection holder = DriverManager.getConnection(postgres.jdbcUrl(ApiTestResource.database()),
                postgres.user(), postgres.password()); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + VulndbImporter.LOCK + ")");
            upload(Advisories.zip(Advisories.renamed(prefix()), Map.of())).statusCode(503)
                    .header("Retry-After", "5")
                    .body("detail", containsString("another advisory import is running"));
        }
    }

    @Test
    void anImportWhoseEventTheBrokerRefusedIsAnnouncedByTheNextImport() {
        byte[] zip = Advisories.zip(Advisories.renamed(prefix()), Map.of());
        sink.failNext(1, 503);
        upload(zip).statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("the advisories are imported (generation"));
        long pending = (long) Seed.row("SELECT max(generation) AS g FROM vulndb_generation WHERE announced_at IS NULL")
                .get("g");

        List<Integer> announced = upload(zip).statusCode(200).body("inserted", equalTo(0))
                .extract().jsonPath().getList("announced");
        assertThat(announced).contains((int) pending);
        assertThat(vulndbEvent(pending).getId()).isEqualTo(PharosEvents.stableId("vulndb.updated/" + pending));
    }

    private CloudEvent vulndbEvent(long generation) {
        return sink.awaitMatching(event -> event.getType().equals(EventTypes.VULNDB_UPDATED)
                && event.getExtension(EventTypes.CORRELATION_ID).equals("vulndb-" + generation), 1,
                Duration.ofSeconds(5)).getFirst();
    }

    private static void forbidden(String body, String detail) {
        assertProblem(json(body), 422, "forbidden-target", detail);
    }

    private static ValidatableResponse upload(byte[] zip) {
        return authorized().contentType("application/zip").body(zip).post("/api/v1/vulndb/import").then();
    }

    private static ValidatableResponse json(String body) {
        return authorized().contentType("application/json").body(body).post("/api/v1/vulndb/import").then();
    }

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + ApiTestResource.ADMIN_TOKEN);
    }

    private static String prefix() {
        return "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "-";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
