package dev.pharos.harness;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemasTest {
    static final String THING = "dev.test.thing.v1";
    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1},
                "at": {"type": "string", "format": "date-time"}
              },
              "additionalProperties": false
            }
            """;

    @TempDir
    Path events;

    static Path writeSchemas(Path dir) throws IOException {
        Files.writeString(dir.resolve(THING + ".schema.json"), SCHEMA);
        Files.writeString(dir.resolve("README.md"), "not a schema");
        return dir;
    }

    static CloudEvent thing(String id, String json) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType(THING)
                .withDataContentType("application/json").withData(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void validEventHasNoViolations() throws IOException {
        EventSchemas schemas = EventSchemas.load(writeSchemas(events));
        assertThat(schemas.types()).containsExactly(THING);
        assertThat(schemas.validate(thing("1", "{\"name\":\"x\",\"at\":\"2026-01-02T03:04:05Z\"}"))).isEmpty();
    }

    @Test
    void violationsNameTheEventAndTheProblem() throws IOException {
        EventSchemas schemas = EventSchemas.load(writeSchemas(events));
        assertThat(schemas.validate(thing("2", "{\"at\":\"yesterday\",\"extra\":1}")))
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(v -> v.startsWith(THING + " (id 2): "))
                .anyMatch(v -> v.contains("name"))
                .anyMatch(v -> v.contains("date-time"))
                .anyMatch(v -> v.contains("extra"));
        assertThat(schemas.validate(thing("3", "{not json"))).singleElement().asString().contains("not valid JSON");
    }

    @Test
    void unknownTypeIsAViolationAndPharosEventsNeedACorrelationId() throws IOException {
        EventSchemas schemas = EventSchemas.load(writeSchemas(events));
        CloudEvent unknown = CloudEventBuilder.v1(thing("4", "{}")).withType("dev.pharos.nothing.v1").build();
        assertThat(schemas.validate(unknown))
                .anyMatch(v -> v.contains("unknown event type"))
                .anyMatch(v -> v.contains("correlationid"));
    }

    /** Every schema in the repository parses, and each file name is its type. */
    @Test
    void repositorySchemasLoad() throws IOException {
        Path dir = Peers.repoRoot().resolve("eventing/events");
        try (Stream<Path> files = Files.list(dir)) {
            var expected = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .map(n -> n.substring(0, n.length() - ".schema.json".length())).collect(Collectors.toSet());
            assertThat(EventSchemas.fromRepo().types()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
