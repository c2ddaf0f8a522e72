package dev.pharos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
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
    private final Map<String, Schema> byType;

    private EventSchemas(Path dir, Map<String, Schema> byType) {
        this.dir = dir;
        this.byType = byType;
    }

    /** Loads every {@code *.schema.json} in {@code eventsDir}; a schema that does not parse fails here, not later. */
    public static EventSchemas load(Path eventsDir) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ROOT)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(iri -> siblingSchema(eventsDir, iri)));
        Map<String, Schema> byType = new TreeMap<>();
        try (Stream<Path> files = Files.list(eventsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                // The file URI as location lets a schema $ref its siblings (e.g. a shared definitions file).
                Schema schema = registry.getSchema(SchemaLocation.of(file.toUri().toString()));
                schema.initializeValidators();
                byType.put(name.substring(0, name.length() - SUFFIX.length()), schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event schemas in " + eventsDir, e);
        }
        return new EventSchemas(eventsDir, byType);
    }

    /**
     * The text of a schema file in {@code eventsDir} named by a file IRI (so a schema may $ref its siblings); null
     * for anything else, which the registry then refuses: it loads nothing from outside the contract directory.
     */
    private static String siblingSchema(Path eventsDir, String iri) {
        if (!iri.startsWith("file:")) {
            return null;
        }
        Path file = Path.of(java.net.URI.create(iri)).normalize();
        if (!file.startsWith(eventsDir.toAbsolutePath().normalize())) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event schema " + file, e);
        }
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
        Schema schema = byType.get(event.getType());
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
        for (Error message : schema.validate(data)) {
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
