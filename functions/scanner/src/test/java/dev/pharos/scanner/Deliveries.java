package dev.pharos.scanner;

import dev.pharos.core.event.EventPayload;
import dev.pharos.core.event.PharosEvents;
import io.restassured.response.ValidatableResponse;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;

/** Posting events to the function the way a Knative broker does: binary mode, JSON data. */
final class Deliveries {
    private static final ExecutorService BACKGROUND = Executors.newVirtualThreadPerTaskExecutor();

    private Deliveries() {
    }

    /** One delivery of an event; redeliveries reuse the same id and source. */
    record Delivery(String id, String source, String correlationId, EventPayload payload) {
        /** Without a correlationid extension, as from a sender outside Pharos. */
        Delivery uncorrelated() {
            return new Delivery(id, source, null, payload);
        }

        static Delivery of(EventPayload payload) {
            return new Delivery(UUID.randomUUID().toString(), "/pharos/test", "corr-" + UUID.randomUUID(), payload);
        }

        /**
         * Posts on a thread of its own (not the common pool: on a 2-core machine that runs one task at a time, and
         * deliveries posted this way must overlap).
         */
        CompletableFuture<ValidatableResponse> postInBackground() {
            return CompletableFuture.supplyAsync(this::post, BACKGROUND);
        }

        ValidatableResponse post() {
            return postRaw(payload.eventType(), PharosEvents.toJson(payload));
        }

        ValidatableResponse postRaw(String type, byte[] body) {
            var request = given()
                    .header("ce-specversion", "1.0")
                    .header("ce-id", id)
                    .header("ce-source", source)
                    .header("ce-type", type);
            if (correlationId != null) {
                request.header("ce-correlationid", correlationId);
            }
            return request.contentType("application/json").body(body).when().post("/").then();
        }
    }
}
