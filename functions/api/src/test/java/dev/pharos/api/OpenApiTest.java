package dev.pharos.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The OpenAPI document lists every endpoint, at /q/openapi and at /api/v1/openapi.json; health answers. */
@QuarkusTest
@QuarkusTestResource(ApiTestResource.class)
class OpenApiTest {
    private static final Map<String, String> ENDPOINTS = Map.of(
            "/api/v1/scans", "post",
            "/api/v1/scans/{id}", "get",
            "/api/v1/images", "get",
            "/api/v1/images/{digest}", "get",
            "/api/v1/vulnerabilities/{id}", "get",
            "/api/v1/vulndb/import", "post",
            "/api/v1/dead-letters", "get",
            "/internal/dead-letters", "post");

    @Test
    void theDocumentListsEveryEndpoint() {
        JsonPath document = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(document.getString("info.title")).isEqualTo("Pharos API");
        Map<String, Object> paths = document.getMap("paths");
        assertThat(paths).containsOnlyKeys(ENDPOINTS.keySet());
        ENDPOINTS.forEach((path, method) -> assertThat(document.getMap("paths.'" + path + "'")).containsKey(method));
        assertThat(document.getString("paths.'/api/v1/vulndb/import'.post.security[0].admin")).isNotNull();
        assertThat(document.getMap("components.schemas")).containsKeys("ScanView", "ScanRequest", "ImageDetail",
                "VulnerabilityView", "ImportAnswer", "DeadLetter");
    }

    @Test
    void theDocumentIsAlsoBesideTheApi() {
        JsonPath beside = given().get("/api/v1/openapi.json").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertThat(beside.getMap("paths")).containsOnlyKeys(ENDPOINTS.keySet());
        given().redirects().follow(false).get("/api/v1/openapi.json").then().statusCode(307)
                .header("Location", org.hamcrest.Matchers.endsWith("/q/openapi?format=json"));
    }

    @Test
    void healthChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"));
    }
}
