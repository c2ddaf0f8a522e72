package dev.pharos.scanner;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.EventTypes;
import io.quarkus.funqy.knative.events.CloudEvent;

import java.util.Optional;

/**
 * An incoming CloudEvent's data and the attributes the scanner needs. Data that does not bind to the payload record
 * (bad JSON, a missing or invalid field) is {@code MALFORMED_INPUT}: answered 400, which Knative never retries.
 */
record Incoming<T>(String id, String source, String correlationId, T data) {

    static <T> Incoming<T> of(CloudEvent<T> event) {
        T data;
        try {
            data = event.data();
        } catch (RuntimeException e) {
            throw malformed(event, e);
        }
        if (data == null) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "event " + event.id() + " ("
                    + event.type() + ") has no data; it must be JSON with Content-Type: application/json");
        }
        String correlation = Optional.ofNullable(event.extensions())
                .map(extensions -> extensions.get(EventTypes.CORRELATION_ID))
                .filter(value -> !value.isBlank())
                .orElse(event.id());
        return new Incoming<>(event.id(), event.source(), correlation, data);
    }

    /** The record constructors' own {@link PharosException} names the field; Jackson's message names the JSON. */
    private static PharosException malformed(CloudEvent<?> event, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PharosException pharos) {
                return new PharosException(PharosException.Kind.MALFORMED_INPUT, "event " + event.id() + " ("
                        + event.type() + "): " + pharos.getMessage(), e);
            }
        }
        Throwable root = e.getCause() != null ? e.getCause() : e;
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, "event " + event.id() + " ("
                + event.type() + ") data does not match its schema: " + root.getMessage(), e);
    }
}
