package dev.pharos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The event contract: one JSON Schema (draft 2020-12) per event type, in {@code <type>.schema.json}.
 * <p>
 * A schema describes the event's <em>data</em> (the JSON payload), not the CloudEvents envelope. The one envelope
 * rule checked here is Pharos-wide: every {@code dev.pharos.*} event carries the {@code correlationid} extension.
 * {@code format} keywords are asserted (2020-12 only annotates them by default): a contract saying
 * {@code date-time} should reject "yesterday".
 */
public final class EventSchemas {
    private static final String SUFFIX = ".schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, JsonSchema> byType;

    private EventSchemas(Path dir, Map<String, JsonSchema> byType) {
        this.dir = dir;
        this.byType = byType;
    }

    /** Loads every {@code *.schema.json} in {@code eventsDir}; a schema that does not parse fails here, not later. */
    public static EventSchemas load(Path eventsDir) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ROOT)
                .build();
        Map<String, JsonSchema> byType = new TreeMap<>();
        try (Stream<Path> files = Files.list(eventsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                // The file URI as location lets a schema $ref its siblings (e.g. a shared definitions file).
                JsonSchema schema = factory.getSchema(SchemaLocation.of(file.toUri().toString()), config);
                schema.initializeValidators();
                byType.put(name.substring(0, name.length() - SUFFIX.length()), schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event schemas in " + eventsDir, e);
        }
        return new EventSchemas(eventsDir, byType);
    }

    /** The contract of this repository: {@code <repoRoot>/eventing/events}. */
    public static EventSchemas fromRepo() {
        return load(Peers.repoRoot().resolve("eventing").resolve("events"));
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /** Human-readable violations, each naming the event; empty when the event honours its contract. */
    public List<String> validate(CloudEvent event) {
        String what = event.getType() + " (id " + event.getId() + ")";
        List<String> violations = new ArrayList<>();
        if (event.getType().startsWith("dev.pharos.") && event.getExtension("correlationid") == null) {
            violations.add(what + ": missing the correlationid extension");
        }
        JsonSchema schema = byType.get(event.getType());
        if (schema == null) {
            violations.add(what + ": unknown event type, no " + event.getType() + SUFFIX + " in " + dir);
            return violations;
        }
        JsonNode data;
        try {
            data = dataAsJson(event);
        } catch (IllegalArgumentException e) {
            violations.add(what + ": " + e.getMessage());
            return violations;
        }
        for (ValidationMessage message : schema.validate(data)) {
            violations.add(what + ": " + message.getMessage());
        }
        return violations;
    }

    private static JsonNode dataAsJson(CloudEvent event) {
        if (event.getData() == null) {
            return NullNode.getInstance(); // the schema decides whether an event may have no data
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new IllegalArgumentException("datacontenttype " + contentType + " is not JSON");
        }
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("data is not valid JSON: " + e.getMessage());
        }
    }
}
