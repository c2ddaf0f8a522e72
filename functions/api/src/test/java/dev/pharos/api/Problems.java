package dev.pharos.api;

import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Asserts an RFC 9457 problem answer with the stable type of a PharosException kind. */
public final class Problems {
    private Problems() {
    }

    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String kind,
                                                    String detail) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/" + kind))
                .body("status", equalTo(status))
                .body("detail", containsString(detail));
    }
}
