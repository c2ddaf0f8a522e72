package dev.pharos.api.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.api.ApiTestResource;
import dev.pharos.api.Seed;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.harness.CapturingSink;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.pharos.api.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** POST /api/v1/scans and GET /api/v1/scans/{id} over HTTP, with the queued rows and emitted events checked. */
@QuarkusTest
@QuarkusTestResource(ApiTestResource.class)
class ScanRequestTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private final CapturingSink sink = ApiTestResource.sink();

    @AfterEach
    void eventsMatchTheirSchemas() {
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void aRequestIsQueuedAnnouncedAndAnswered202WithWhereToFollowIt() throws IOException {
        String id = post("{\"image\": \"nginx:1.27\"}").statusCode(202)
                .body("status", equalTo("queued"))
                .extract().path("id");
        assertThat(id).isNotNull();

        Map<String, Object> row = Seed.row("SELECT * FROM scan WHERE id = ?::uuid", id);
        assertThat(row).containsEntry("status", "queued").containsEntry("trigger", "request")
                .containsEntry("registry", "docker.io").containsEntry("repository", "library/nginx")
                .containsEntry("tag", "1.27").containsEntry("requested_by", "api").containsEntry("force", false);

        CloudEvent event = eventFor(id);
        assertThat(event.getType()).isEqualTo(EventTypes.SCAN_REQUESTED);
        assertThat(event.getId()).isEqualTo(PharosEvents.stableId("scan.requested/" + id));
        assertThat(event.getSubject()).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(event.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(id);
        JsonNode data = new ObjectMapper().readTree(event.getData().toBytes());
        assertThat(data.get("scanId").asText()).isEqualTo(id);
        assertThat(data.get("registry").asText()).isEqualTo("docker.io");
        assertThat(data.get("repository").asText()).isEqualTo("library/nginx");
        assertThat(data.get("tag").asText()).isEqualTo("1.27");
        assertThat(data.get("requestedBy").asText()).isEqualTo("api");
    }

    @Test
    void theLocationNamesTheScan() {
        var response = post("{\"image\": \"ghcr.io/acme/app@" + DIGEST + "\", \"force\": true}").statusCode(202)
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/v1/scans/" + id);
        assertThat(response.<String>path("links.self")).isEqualTo("/api/v1/scans/" + id);
        assertThat(Seed.row("SELECT tag, digest, force FROM scan WHERE id = ?::uuid", id))
                .containsEntry("tag", null).containsEntry("digest", DIGEST).containsEntry("force", true);
    }

    @Test
    void theRequesterComesFromXPharosUser() throws IOException {
        String id = given().contentType("application/json").header("X-Pharos-User", "alice")
                .body("{\"image\": \"registry.example.com:5000/team/app:2\"}")
                .post("/api/v1/scans").then().statusCode(202).extract().path("id");
        assertThat(Seed.row("SELECT requested_by, registry, repository FROM scan WHERE id = ?::uuid", id))
                .containsEntry("requested_by", "alice").containsEntry("registry", "registry.example.com:5000")
                .containsEntry("repository", "team/app");
        assertThat(new ObjectMapper().readTree(eventFor(id).getData().toBytes()).get("requestedBy").asText())
                .isEqualTo("alice");
    }

    @Test
    void aRepeatedRequestWithTheSameIdempotencyKeyReturnsTheSameScanAndEmitsOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"image\": \"alpine:3.19\"}";
        String first = keyed(key, body).statusCode(202).extract().path("id");
        String second = keyed(key, body).statusCode(202).header("Idempotent-Replayed", "true")
                .extract().path("id");
        assertThat(second).isEqualTo(first);
        assertThat(Seed.row("SELECT count(*) AS n FROM scan WHERE repository = 'library/alpine'"))
                .containsEntry("n", 1L);
        assertThat(sink.events().stream().filter(event -> event.getSubject().contains("library/alpine")))
                .hasSize(1);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneScan() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"image\": \"traefik:3\"}";
        List<Future<String>> answers;
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            answers = clients.invokeAll(Collections.nCopies(6,
                    () -> keyed(key, body).statusCode(202).extract().<String>path("id")));
        }
        Set<String> ids = new HashSet<>();
        for (Future<String> answer : answers) {
            ids.add(answer.get());
        }
        assertThat(ids).hasSize(1);
        assertThat(Seed.row("SELECT count(*) AS n FROM scan WHERE repository = 'library/traefik'"))
                .containsEntry("n", 1L);
        assertThat(eventFor(ids.iterator().next()).getSubject()).isEqualTo("docker.io/library/traefik:3");
    }

    @Test
    void anIdempotencyKeyReusedForAnotherImageIsRefused() {
        String key = UUID.randomUUID().toString();
        keyed(key, "{\"image\": \"busybox:1\"}").statusCode(202);
        keyed(key, "{\"image\": \"busybox:2\"}").statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/malformed-input"))
                .body("detail", containsString("already used for a different request"));
    }

    @Test
    void whenTheBrokerIsDownTheRequestIs503AndTheScanIsFailedNotLeftQueued() {
        String key = UUID.randomUUID().toString();
        sink.failNext(1, 503);
        keyed(key, "{\"image\": \"redis:7\"}").statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("https://pharos.dev/problems/unavailable"));
        Map<String, Object> failed = Seed.row(
                "SELECT status, failure_reason, finished_at FROM scan WHERE repository = 'library/redis'");
        assertThat(failed).containsEntry("status", "failed").containsEntry("failure_reason", "unavailable");
        assertThat(failed.get("finished_at")).isNotNull();

        // The key was freed: the client's retry queues a new scan and announces it.
        String retried = keyed(key, "{\"image\": \"redis:7\"}").statusCode(202).extract().path("id");
        assertThat(Seed.row("SELECT status FROM scan WHERE id = ?::uuid", retried)).containsEntry("status", "queued");
        assertThat(eventFor(retried).getSubject()).isEqualTo("docker.io/library/redis:7");
    }

    @Test
    void aSynchronousRequestAnswers200WithTheScanOnceTheScannerCompletesIt() throws InterruptedException {
        Thread scanner = Thread.ofVirtual().start(() -> {
            CloudEvent requested = sink.awaitMatching(event -> event.getSubject().contains("library/postgres"), 1,
                    Duration.ofSeconds(5)).getFirst();
            Seed.completeScan(UUID.fromString(String.valueOf(requested.getExtension(EventTypes.CORRELATION_ID))),
                    DIGEST);
        });
        long started = System.nanoTime();
        post("?wait=30s", "{\"image\": \"postgres:16\"}").statusCode(200)
                .body("status", equalTo("completed"))
                .body("imageDigest", equalTo(DIGEST))
                .body("engine", equalTo("native"))
                .body("packageCount", equalTo(3))
                .body("severities.critical", equalTo(1))
                .body("severities.medium", equalTo(2))
                .body("sbom", equalTo("s3://pharos-sboms/" + DIGEST))
                .body("failure", nullValue())
                .body("links.image", equalTo("/api/v1/images/" + DIGEST));
        scanner.join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aSynchronousRequestStillRunningAtTheDeadlineAnswers202() {
        long started = System.nanoTime();
        post("?wait=500ms", "{\"image\": \"mariadb:11\"}").statusCode(202).body("status", equalTo("queued"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aWaitBeyondMaxWaitIsCutToIt() {
        long started = System.nanoTime();
        post("?wait=10m", "{\"image\": \"mysql:8\"}").statusCode(202);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.parse("PT" + ApiTestResource.MAX_WAIT.toUpperCase()))
                .isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void getShowsTheScanWithItsFailure() {
        String id = post("{\"image\": \"quay.io/acme/tool:1\"}").statusCode(202).extract().path("id");
        Seed.execute("UPDATE scan SET status = 'failed', failure_reason = 'limit-exceeded', "
                + "failure_message = 'more than 128 layers', finished_at = now() WHERE id = ?::uuid", id);
        given().get("/api/v1/scans/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("failed"))
                .body("trigger", equalTo("request"))
                .body("reference.registry", equalTo("quay.io"))
                .body("reference.repository", equalTo("acme/tool"))
                .body("reference.tag", equalTo("1"))
                .body("failure.reason", equalTo("limit-exceeded"))
                .body("failure.message", equalTo("more than 128 layers"))
                .body("timings.requestedAt", notNullValue())
                .body("timings.finishedAt", notNullValue());
    }

    @Test
    void unknownAndMalformedScanIdsAreProblems() {
        given().get("/api/v1/scans/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/not-found"));
        given().get("/api/v1/scans/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("must be a UUID"));
    }

    @Test
    void badBodiesAreProblemsNamingTheField() {
        problem("{\"image\": ", "not valid JSON");
        problem("[]", "must be a JSON object");
        problem("{}", "/image is required");
        problem("{\"image\": 3}", "/image must be a string");
        problem("{\"image\": \"nginx\", \"forse\": true}", "unknown field /forse");
        problem("{\"image\": \"nginx\", \"force\": \"yes\"}", "/force must be true or false");
        problem("{\"image\": \"docker.io/Library/Nginx:1\"}", "must be lower case");
        problem("{\"image\": \"nginx@sha256:12\"}", "is not a digest");
        problem("{\"image\": \"nginx:bad tag\"}", "invalid tag");
        post("?wait=soon", "{\"image\": \"nginx\"}").statusCode(400).body("detail", containsString("wait must be"));
        assertThat(sink.events().stream().filter(event -> event.getSubject().contains("nginx:bad"))).isEmpty();
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead() {
        String large = "{\"image\": \"nginx\", \"pad\": \"" + "x".repeat(ApiTestResource.MAX_BODY) + "\"}";
        post(large).statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/payload-too-large"));
    }

    private void problem(String body, String detail) {
        assertProblem(post(body), 400, "malformed-input", detail);
    }

    private static ValidatableResponse post(String body) {
        return post("", body);
    }

    private static ValidatableResponse post(String query, String body) {
        return given().contentType("application/json").body(body).post("/api/v1/scans" + query).then();
    }

    private static ValidatableResponse keyed(String key, String body) {
        return given().contentType("application/json").header("Idempotency-Key", key).body(body)
                .post("/api/v1/scans").then();
    }

    private CloudEvent eventFor(String scanId) {
        List<CloudEvent> events = sink.awaitMatching(
                event -> scanId.equals(event.getExtension(EventTypes.CORRELATION_ID)), 1, Duration.ofSeconds(5));
        assertThat(events).hasSize(1);
        return events.getFirst();
    }
}
