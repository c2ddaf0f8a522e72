package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The data of a Pharos CloudEvent: a record that knows the type it travels as and the subject that names it. */
public interface EventPayload {

    /** The CloudEvent type this payload travels as (one of {@link EventTypes#all()}). */
    @JsonIgnore
    String eventType();

    /** The CloudEvent {@code subject}, so brokers and logs can filter without reading the payload. */
    @JsonIgnore
    String subject();
}
