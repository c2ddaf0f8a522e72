package dev.pharos.harness.broker;

import io.cloudevents.CloudEvent;

/**
 * An event the broker gave up on for a Trigger, as posted to the dead-letter sink: the original event with Knative's
 * {@code knativeerrordest}, {@code knativeerrorcode} and {@code knativeerrordata} extensions;
 * {@code sinkAccepted} is false when the sink is missing or refused it too.
 */
public record DeadLetter(String trigger, CloudEvent event, boolean sinkAccepted) {
}
