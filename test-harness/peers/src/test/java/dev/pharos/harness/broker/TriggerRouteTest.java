package dev.pharos.harness.broker;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.DestinationBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerRouteTest {
    private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("1").withSource(URI.create("/intake"))
            .withType("dev.pharos.image.pushed.v1").withSubject("repo:1").withExtension("correlationid", "c-1").build();

    @Test
    void everyFilterEntryMustEqualTheAttributeOrExtension() {
        assertThat(route(Map.of()).matches(EVENT)).isTrue();
        assertThat(route(Map.of("type", "dev.pharos.image.pushed.v1", "source", "/intake")).matches(EVENT)).isTrue();
        assertThat(route(Map.of("correlationid", "c-1", "subject", "repo:1")).matches(EVENT)).isTrue();
        assertThat(route(Map.of("type", "dev.pharos.image.pushed.v1", "source", "/api")).matches(EVENT)).isFalse();
        assertThat(route(Map.of("type", "dev.pharos.image")).matches(EVENT)).as("no prefix match").isFalse();
        assertThat(route(Map.of("tenant", "a")).matches(EVENT)).as("absent extension").isFalse();
    }

    @Test
    void anEmptyValueMatchesAnyValueButAnExtensionMustBePresent() {
        assertThat(route(Map.of("correlationid", "")).matches(EVENT)).isTrue();
        assertThat(route(Map.of("subject", "")).matches(EVENT)).isTrue();
        assertThat(route(Map.of("tenant", "")).matches(EVENT)).isFalse();
    }

    @Test
    void aServiceRefResolvesToItsRegisteredAddressPlusTheUri() {
        ServiceRegistry services = new ServiceRegistry().register("pharos-api", URI.create("http://127.0.0.1:9000"));

        assertThat(services.resolve(service("pharos-api", "/internal/dead-letters")))
                .contains(URI.create("http://127.0.0.1:9000/internal/dead-letters"));
        assertThat(services.resolve(service("pharos-api", null))).contains(URI.create("http://127.0.0.1:9000/"));
        assertThat(services.resolve(service("pharos-scanner", null))).isEmpty();
        assertThat(services.resolve(new DestinationBuilder().withUri("http://127.0.0.1:1/x").build()))
                .contains(URI.create("http://127.0.0.1:1/x"));
        assertThatThrownBy(() -> services.resolve(new DestinationBuilder().withNewRef().withApiVersion("v1")
                .withKind("Service").withName("pharos-api").endRef().build()))
                .hasMessageContaining("only Knative Services");
    }

    private static TriggerRoute route(Map<String, String> filter) {
        return new TriggerRoute("t", filter, service("s", null), DeliveryPolicy.NONE);
    }

    private static Destination service(String name, String uri) {
        return new DestinationBuilder().withNewRef().withApiVersion("serving.knative.dev/v1").withKind("Service")
                .withName(name).endRef().withUri(uri).build();
    }
}
