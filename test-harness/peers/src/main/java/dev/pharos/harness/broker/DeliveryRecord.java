package dev.pharos.harness.broker;

import java.util.List;

/**
 * What happened to one event for one Trigger: every attempt's result in order ({@code 503}, {@code 202},
 * {@code timeout}, {@code connection refused: ...}) and the outcome.
 */
public record DeliveryRecord(String type, String id, String trigger, String subscriber, List<String> attempts,
                             Outcome outcome) {

    public enum Outcome {
        /** A 2xx from the subscriber. */
        DELIVERED,
        /** A 200 whose body was a CloudEvent, which went back into the broker. */
        DELIVERED_WITH_REPLY,
        /** Failed, then accepted by the dead-letter sink. */
        DEAD_LETTERED,
        /** Failed, and there was no dead-letter sink or it failed too: Knative drops the event. */
        DROPPED,
        /** The subscriber's Service is not registered: Knative's Trigger would not be ready, nothing is sent. */
        SUBSCRIBER_NOT_READY
    }

    public DeliveryRecord {
        attempts = List.copyOf(attempts);
    }

    @Override
    public String toString() {
        return type + " " + id + " -> " + trigger + " (" + subscriber + "): " + outcome + " after " + attempts;
    }
}
