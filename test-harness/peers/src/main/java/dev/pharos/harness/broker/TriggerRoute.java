package dev.pharos.harness.broker;

import io.cloudevents.CloudEvent;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;

import java.util.Map;
import java.util.Set;

/**
 * One Trigger as the broker routes by it: its attribute filter, its subscriber and the delivery policy in force
 * (the Trigger's own {@code delivery} when it has one, else the Broker's: the Trigger's spec replaces the Broker's as a
 * whole, so a Trigger that sets retries but no dead-letter sink has none).
 */
public record TriggerRoute(String name, Map<String, String> filter, Destination subscriber, DeliveryPolicy delivery) {

    public TriggerRoute {
        filter = Map.copyOf(filter);
    }

    static TriggerRoute of(Trigger trigger, Broker broker) {
        var spec = trigger.getSpec();
        if (spec.getSubscriber() == null) {
            throw new IllegalArgumentException("Trigger " + trigger.getMetadata().getName() + " has no subscriber");
        }
        Map<String, String> attributes = spec.getFilter() == null || spec.getFilter().getAttributes() == null
                ? Map.of() : spec.getFilter().getAttributes();
        DeliveryPolicy delivery = DeliveryPolicy.of(spec.getDelivery() != null ? spec.getDelivery()
                : broker.getSpec() == null ? null : broker.getSpec().getDelivery());
        return new TriggerRoute(trigger.getMetadata().getName(), attributes, spec.getSubscriber(), delivery);
    }

    /**
     * Knative's attributes filter: every filter entry must equal the event's attribute of that name, context
     * attribute or extension; an empty value matches any value, but an extension must still be present. No filter
     * passes everything.
     */
    public boolean matches(CloudEvent event) {
        for (Map.Entry<String, String> entry : filter.entrySet()) {
            Object actual = attribute(event, entry.getKey());
            if (entry.getValue().isEmpty() ? actual == null && isExtension(entry.getKey())
                    : actual == null || !entry.getValue().equals(actual.toString())) {
                return false;
            }
        }
        return true;
    }

    private static Object attribute(CloudEvent event, String name) {
        return isExtension(name) ? event.getExtension(name) : event.getAttribute(name);
    }

    private static boolean isExtension(String name) {
        return !CONTEXT_ATTRIBUTES.contains(name);
    }

    private static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source",
            "type", "datacontenttype", "dataschema", "subject", "time");
}
