package dev.pharos.harness;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapturingSinkTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private CapturingSink sink;

    @TempDir
    Path events;

    @BeforeEach
    void start() throws IOException {
        sink = CapturingSink.start(EventSchemas.load(EventSchemasTest.writeSchemas(events)));
    }

    @AfterEach
    void stop() {
        sink.close();
        http.close();
    }

    @Test
    void recordsBinaryAndStructuredEvents() throws Exception {
        CloudEvent binary = CloudEventBuilder.v1(EventSchemasTest.thing("b-1", "{\"name\":\"binary\"}"))
                .withExtension("correlationid", "c-1").build();
        CloudEvent structured = EventSchemasTest.thing("s-1", "{\"name\":\"structured\"}");

        assertThat(sendBinary(binary)).isEqualTo(202);
        assertThat(sendStructured(structured)).isEqualTo(202);

        List<CloudEvent> received = sink.awaitEvents(2, Duration.ofSeconds(5));
        assertThat(received).extracting(CloudEvent::getId).containsExactly("b-1", "s-1");
        assertThat(received.get(0).getExtension("correlationid")).isEqualTo("c-1");
        assertThat(new String(received.get(1).getData().toBytes(), StandardCharsets.UTF_8)).contains("structured");
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void failNextRefusesWithoutRecording() throws Exception {
        sink.failNext(2, 503);
        CloudEvent event = EventSchemasTest.thing("retry-1", "{\"name\":\"x\"}");

        assertThat(sendBinary(event)).isEqualTo(503);
        assertThat(sendStructured(event)).isEqualTo(503);
        assertThat(sink.events()).isEmpty();
        assertThat(sendBinary(event)).isEqualTo(202);

        assertThat(sink.deliveriesRefused()).isEqualTo(2);
        assertThat(sink.awaitEvents(1, Duration.ofSeconds(5))).singleElement()
                .extracting(CloudEvent::getId).isEqualTo("retry-1");
    }

    @Test
    void reportsSchemaViolationsAndUnreadableDeliveries() throws Exception {
        assertThat(sendBinary(EventSchemasTest.thing("bad-1", "{\"name\":42}"))).isEqualTo(202);
        HttpRequest notAnEvent = HttpRequest.newBuilder(sink.uri()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":1}")).build();
        assertThat(http.send(notAnEvent, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(400);

        assertThat(sink.awaitEvents(1, Duration.ofSeconds(5))).hasSize(1);
        assertThat(sink.schemaViolations())
                .anyMatch(v -> v.startsWith("dev.test.thing.v1 (id bad-1)") && v.contains("string"))
                .anyMatch(v -> v.startsWith("unreadable delivery POST /"));

        sink.clear();
        assertThat(sink.events()).isEmpty();
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void awaitEventsFailsWithAClearMessage() {
        assertThatThrownBy(() -> sink.awaitEvents(1, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 1 CloudEvents")
                .hasMessageContaining("but got 0");
    }

    private int sendBinary(CloudEvent event) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(sink.uri());
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int sendStructured(CloudEvent event) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(sink.uri())
                .header("Content-Type", JsonFormat.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new JsonFormat().serialize(event))).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
