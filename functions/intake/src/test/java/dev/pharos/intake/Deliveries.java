package dev.pharos.intake;

import dev.pharos.harness.CapturingSink;
import io.cloudevents.CloudEvent;
import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Posting webhook deliveries the way senders do. */
final class Deliveries {
    static final String DISTRIBUTION_V1 = "application/vnd.docker.distribution.events.v1+json";

    private Deliveries() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The events the sink holds for one repository, whatever the registry host, tag or digest. */
    static List<CloudEvent> eventsFor(CapturingSink sink, String repository) {
        return sink.events().stream()
                .filter(event -> event.getSubject().matches(".*/" + Pattern.quote(repository) + "[:@].*"))
                .toList();
    }

    static ValidatableResponse post(String endpoint, String contentType, String authorization, byte[] body) {
        var request = given().contentType(contentType).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post("/webhooks/" + endpoint).then();
    }

    static ValidatableResponse postToRegistryEndpoint(String body) {
        return post("registry", DISTRIBUTION_V1, "Bearer " + IntakeTestResource.REGISTRY_TOKEN, body.getBytes());
    }

    /** A distribution envelope with one blob push and one manifest push, as a registry sends for a small image. */
    static String distributionEnvelope(String eventId, String repository, String tag, String digest) {
        return """
                {"events":[
                 {"id":"%1$s-blob","timestamp":"2026-11-23T10:15:29.5Z","action":"push",
                  "target":{"mediaType":"application/octet-stream","size":120,"digest":"sha256:%5$s",
                            "length":120,"repository":"%2$s","url":"http://127.0.0.1:5000/v2/%2$s/blobs/sha256:%5$s"},
                  "request":{"id":"r1","addr":"127.0.0.1:4000","host":"127.0.0.1:5000","method":"PUT","useragent":"skopeo"},
                  "actor":{},"source":{"addr":"host:5000","instanceID":"i-1"}},
                 {"id":"%1$s","timestamp":"2026-11-23T10:15:30.123456789+01:00","action":"push",
                  "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":400,"digest":"%4$s",
                            "length":400,"repository":"%2$s","url":"http://127.0.0.1:5000/v2/%2$s/manifests/%4$s",
                            "tag":"%3$s"},
                  "request":{"id":"r2","addr":"127.0.0.1:4000","host":"127.0.0.1:5000","method":"PUT","useragent":"skopeo"},
                  "actor":{"name":"ci-bot"},"source":{"addr":"host:5000","instanceID":"i-1"}}
                ]}""".formatted(eventId, repository, tag, digest, "ee".repeat(32));
    }
}
