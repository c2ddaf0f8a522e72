package dev.pharos.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** What the framework refuses by itself is a problem document too. */
@QuarkusTest
@QuarkusTestResource(ApiTestResource.class)
class RoutingProblemsTest {

    @Test
    void anUnknownPathIs404ProblemJson() {
        given().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("status", equalTo(404));
    }

    @Test
    void aWrongMethodIs405ProblemJson() {
        given().delete("/api/v1/scans").then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("status", equalTo(405));
    }
}
