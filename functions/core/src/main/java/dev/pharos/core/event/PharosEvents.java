package dev.pharos.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pharos.core.error.PharosException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Builds the CloudEvents Pharos emits: JSON data, a subject, and the {@code correlationid} extension. */
public final class PharosEvents {
    public static final String JSON = "application/json";

    /** Payload mapper: ISO-8601 instants, no nulls (records opt in with {@code @JsonInclude}). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private PharosEvents() {
    }

    /**
     * An event whose id is derived from a stable key, so re-emitting the same fact (after a crash between emit and
     * record) yields the same {@code source}+{@code id} and consumers deduplicate it.
     */
    public static CloudEvent create(EventPayload payload, URI source, String stableKey, String correlationId) {
        return CloudEventBuilder.v1()
                .withId(stableId(stableKey))
                .withSource(source)
                .withType(payload.eventType())
                .withSubject(payload.subject())
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(JSON, toJson(payload))
                .withExtension(EventTypes.CORRELATION_ID, correlationId)
                .build();
    }

    public static String stableId(String stableKey) {
        return UUID.nameUUIDFromBytes(stableKey.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static byte[] toJson(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new PharosException(PharosException.Kind.INTERNAL, "cannot serialise " + payload.getClass(), e);
        }
    }
}
