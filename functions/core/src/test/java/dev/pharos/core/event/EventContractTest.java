package dev.pharos.core.event;

import dev.pharos.harness.EventSchemas;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event contract: one schema per type in eventing/events, and the payload records satisfy their schemas. */
class EventContractTest {
    private static final EventSchemas SCHEMAS = EventSchemas.fromRepo();
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void everyEventTypeHasASchemaAndEverySchemaATypeConstant() {
        assertThat(SCHEMAS.types()).containsExactlyInAnyOrderElementsOf(EventTypes.all());
        assertThat(EventTypes.all()).allSatisfy(type -> assertThat(type).startsWith(EventTypes.PREFIX).matches(".*\\.v\\d+$"));
    }

    @Test
    void canonicalPayloadsSatisfyTheirSchemas() {
        assertThat(SCHEMAS.validate(event(EventFixtures.pushed()))).isEmpty();
        assertThat(SCHEMAS.validate(event(EventFixtures.pushedTagOnly()))).isEmpty();
        assertThat(SCHEMAS.validate(event(EventFixtures.deleted()))).isEmpty();
        assertThat(SCHEMAS.validate(event(EventFixtures.scanRequested()))).isEmpty();
        assertThat(SCHEMAS.validate(event(EventFixtures.scanned()))).isEmpty();
        assertThat(SCHEMAS.validate(event(EventFixtures.scanFailed()))).isEmpty();
        assertThat(SCHEMAS.validate(event(EventFixtures.vulndbUpdated()))).isEmpty();
    }

    @Test
    void eventsCarryTypeSubjectStableIdAndCorrelationId() {
        CloudEvent first = event(EventFixtures.pushed());
        CloudEvent again = event(EventFixtures.pushed());
        assertThat(first.getType()).isEqualTo(EventTypes.IMAGE_PUSHED);
        assertThat(first.getSubject()).isEqualTo("registry.example.com:5000/team/app:1.0@" + EventFixtures.DIGEST);
        assertThat(first.getId()).isEqualTo(again.getId());
        assertThat(first.getExtension(EventTypes.CORRELATION_ID)).isEqualTo("corr-1");
        assertThat(first.getDataContentType()).isEqualTo("application/json");
    }

    @Test
    void aSchemaRejectsAPayloadThatBreaksTheContract() {
        CloudEvent wrong = io.cloudevents.core.builder.CloudEventBuilder.v1(event(EventFixtures.pushed()))
                .withData("application/json", "{\"registry\":\"r.example\",\"source\":\"carrier-pigeon\"}".getBytes())
                .build();
        assertThat(SCHEMAS.validate(wrong)).isNotEmpty();
    }

    @Test
    void recordsRefuseReferencesThatCannotExist() {
        assertThatThrownBy(() -> new ImagePushed("r.example", "Team/App", "1", null, null, Instant.EPOCH,
                SourceKind.DISTRIBUTION, null)).hasMessageContaining("repository");
        assertThatThrownBy(() -> new ImagePushed("r.example", "app", null, null, null, Instant.EPOCH,
                SourceKind.DISTRIBUTION, null)).hasMessageContaining("tag or digest");
        assertThatThrownBy(() -> new ImageDeleted("r.example", "app", null, "md5:xyz", Instant.EPOCH,
                SourceKind.DISTRIBUTION, null)).hasMessageContaining("digest");
    }

    private static CloudEvent event(EventPayload payload) {
        return PharosEvents.create(payload, URI.create("/pharos/test"), "key-" + payload.subject(), "corr-1");
    }
}
