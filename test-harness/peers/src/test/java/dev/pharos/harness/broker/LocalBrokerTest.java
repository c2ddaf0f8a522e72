package dev.pharos.harness.broker;

import dev.pharos.harness.Peers;
import dev.pharos.harness.broker.ScriptedSubscriber.Answer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local broker against real HTTP subscribers: ingress in both content modes, filters, retries with backoff,
 * timeouts, dead letters, replies and its bounds. Timing is asserted as lower bounds (and loose upper bounds), the
 * attempt count and order exactly.
 */
class LocalBrokerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration QUIET = Duration.ofSeconds(20);

    @TempDir
    Path manifests;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ServiceRegistry services = new ServiceRegistry();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    @Test
    void routesBinaryAndStructuredEventsByTheirTriggersFilters() throws Exception {
        ScriptedSubscriber pushed = subscriber("pushed", ScriptedSubscriber.accepting());
        ScriptedSubscriber requested = subscriber("requested", ScriptedSubscriber.accepting());
        ScriptedSubscriber correlated = subscriber("correlated", ScriptedSubscriber.accepting());
        LocalBroker broker = broker("", trigger("on-pushed", "{type: test.pushed}", "pushed", "/events", ""),
                trigger("on-requested", "{type: test.requested}", "requested", null, ""),
                trigger("on-correlated", "{type: test.pushed, correlationid: c-1}", "correlated", null, ""));

        assertThat(postBinary(broker.uri(), event("test.pushed", "1").withExtension("correlationid", "c-1").build()))
                .isEqualTo(202);
        assertThat(postStructured(broker.uri().resolve("/pharos/pharos"), event("test.requested", "2").build()))
                .isEqualTo(202);
        assertThat(postBinary(broker.uri(), event("test.pushed", "3").build())).isEqualTo(202);
        broker.awaitQuiet(QUIET);

        assertThat(pushed.events()).extracting(CloudEvent::getId).containsExactlyInAnyOrder("1", "3");
        assertThat(requested.events()).extracting(CloudEvent::getId).containsExactly("2");
        assertThat(correlated.events()).extracting(CloudEvent::getId).containsExactly("1");
        ScriptedSubscriber.Received first = pushed.received().getFirst();
        // Binary mode out, whatever mode came in; the uri of the subscriber is resolved against the Service.
        assertThat(requested.received().getFirst().header("ce-id")).isEqualTo("2");
        assertThat(requested.received().getFirst().header("Content-Type")).isEqualTo("application/json");
        assertThat(first.header("Prefer")).isEqualTo("reply");
        assertThat(first.event().getExtension("knativearrivaltime")).isNotNull();
        assertThat(broker.deliveries()).extracting(DeliveryRecord::outcome).containsOnly(DeliveryRecord.Outcome.DELIVERED)
                .hasSize(4);
        assertThat(broker.deliveries()).filteredOn(r -> r.trigger().equals("on-pushed"))
                .extracting(DeliveryRecord::subscriber).containsOnly("Service/pushed/events");
    }

    @Test
    void refusesWhatIsNotAnAcceptableCloudEventAndDeliversNothing() throws Exception {
        ScriptedSubscriber all = subscriber("all", ScriptedSubscriber.accepting());
        LocalBroker broker = startBroker(manifest("", trigger("everything", "{}", "all", null, "")),
                LocalBroker.Settings.defaults().withLimits(1024, 100, 4));

        assertThat(post(broker.uri(), Map.of("Content-Type", "application/json"), "{\"hello\":1}")).isEqualTo(400);
        assertThat(post(broker.uri(), Map.of("Content-Type", "application/json", "ce-specversion", "1.0",
                "ce-id", "x", "ce-source", "/s"), "{}")).as("binary without type").isEqualTo(400);
        assertThat(post(broker.uri(), Map.of("Content-Type", "application/cloudevents+json"),
                "{\"specversion\":\"1.0\",\"id\":\"\",\"source\":\"/s\",\"type\":\"t\"}")).as("empty id").isEqualTo(400);
        assertThat(post(broker.uri(), Map.of("Content-Type", "application/cloudevents+json"),
                "{\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\"}")).as("no specversion").isEqualTo(400);
        assertThat(post(broker.uri(), Map.of("Content-Type", "application/json", "ce-specversion", "1.0",
                "ce-id", "x", "ce-source", "/s", "ce-type", "t"), "x".repeat(2000))).as("over the cap").isEqualTo(413);
        assertThat(post(broker.uri().resolve("/other/broker"), Map.of("Content-Type", "application/json",
                "ce-specversion", "1.0", "ce-id", "x", "ce-source", "/s", "ce-type", "t"), "{}")).isEqualTo(404);
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(broker.uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        broker.awaitQuiet(QUIET);

        assertThat(all.received()).isEmpty();
        assertThat(broker.accepted()).isEmpty();
    }

    @Test
    void retriesFailuresWithLinearBackoffUntilTheSubscriberSucceeds() throws Exception {
        ScriptedSubscriber flaky = subscriber("flaky", ScriptedSubscriber.answering(
                n -> Answer.status(n == 0 ? 503 : n == 1 ? 429 : n == 2 ? 404 : 202)));
        LocalBroker broker = broker("", trigger("t", "{type: test.flaky}", "flaky", null,
                "{retry: 5, backoffPolicy: linear, backoffDelay: PT0.1S}"));

        postBinary(broker.uri(), event("test.flaky", "f-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(broker.deliveries()).singleElement().satisfies(record -> {
            assertThat(record.attempts()).containsExactly("503", "429", "404", "202");
            assertThat(record.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
        });
        assertThat(flaky.events()).extracting(CloudEvent::getId).containsExactly("f-1", "f-1", "f-1", "f-1");
        assertGaps(flaky, 100, 200, 300);
        assertThat(broker.deadLetters()).isEmpty();
    }

    @Test
    void exponentialBackoffDoublesAndTheTriggersDeliveryReplacesTheBrokers() throws Exception {
        ScriptedSubscriber failing = subscriber("failing", ScriptedSubscriber.answering(n -> Answer.status(500)));
        ScriptedSubscriber dead = subscriber("dead", ScriptedSubscriber.accepting());
        LocalBroker broker = broker("{retry: 0, deadLetterSink: {ref: {apiVersion: serving.knative.dev/v1, kind: Service,"
                        + " name: dead}}}",
                trigger("t", "{type: test.failing}", "failing", null,
                        "{retry: 3, backoffPolicy: exponential, backoffDelay: PT0.05S}"));

        postBinary(broker.uri(), event("test.failing", "e-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(broker.deliveries()).singleElement().satisfies(record -> {
            assertThat(record.attempts()).containsExactly("500", "500", "500", "500");
            // The Trigger's delivery has no dead-letter sink and replaces the Broker's whole.
            assertThat(record.outcome()).isEqualTo(DeliveryRecord.Outcome.DROPPED);
        });
        assertGaps(failing, 100, 200, 400);
        assertThat(dead.received()).isEmpty();
        assertThat(broker.deadLetters()).singleElement().extracting(DeadLetter::sinkAccepted).isEqualTo(false);
    }

    @Test
    void aBadRequestIsNotRetriedAndGoesToTheDeadLetterSinkWithKnativesErrorExtensions() throws Exception {
        ScriptedSubscriber refusing = subscriber("refusing",
                ScriptedSubscriber.answering(n -> Answer.body(400, "{\"title\":\"bad payload\"}")));
        ScriptedSubscriber dead = subscriber("dead", ScriptedSubscriber.accepting());
        LocalBroker broker = broker("{retry: 5, backoffDelay: PT0.01S, deadLetterSink: {ref: {apiVersion:"
                + " serving.knative.dev/v1, kind: Service, name: dead}, uri: /internal/dead-letters}}",
                trigger("t", "{type: test.bad}", "refusing", "/in", ""));

        postBinary(broker.uri(), event("test.bad", "b-1").withExtension("correlationid", "c-9").build());
        broker.awaitQuiet(QUIET);

        assertThat(broker.deliveries()).singleElement().satisfies(record -> {
            assertThat(record.attempts()).containsExactly("400");
            assertThat(record.outcome()).isEqualTo(DeliveryRecord.Outcome.DEAD_LETTERED);
        });
        ScriptedSubscriber.Received letter = dead.received().getFirst();
        assertThat(dead.received()).hasSize(1);
        CloudEvent event = letter.event();
        assertThat(event.getId()).isEqualTo("b-1");
        assertThat(event.getExtension("correlationid")).isEqualTo("c-9");
        // Binary mode carries extensions as header strings.
        assertThat(event.getExtension("knativeerrorcode")).isEqualTo("400");
        assertThat(event.getExtension("knativeerrordest")).isEqualTo(refusing.uri().resolve("/in").toString());
        assertThat(new String(Base64.getDecoder().decode((String) event.getExtension("knativeerrordata")),
                StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"bad payload\"}");
        assertThat(broker.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.trigger()).isEqualTo("t");
            assertThat(d.sinkAccepted()).isTrue();
        });
    }

    @Test
    void exhaustedRetriesDeadLetterTheEventWithTheBodyCutToKnativesLimit() throws Exception {
        String big = "e".repeat(700) + "z".repeat(1300);
        subscriber("down", ScriptedSubscriber.answering(n -> Answer.body(503, big)));
        ScriptedSubscriber dead = subscriber("dead", ScriptedSubscriber.accepting());
        LocalBroker broker = broker("{retry: 2, backoffPolicy: linear, backoffDelay: PT0.01S, deadLetterSink: {ref:"
                + " {apiVersion: serving.knative.dev/v1, kind: Service, name: dead}}}",
                trigger("t", "{type: test.down}", "down", null, ""));

        postBinary(broker.uri(), event("test.down", "d-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(broker.deliveries().getFirst().attempts()).containsExactly("503", "503", "503");
        String data = (String) dead.events().getFirst().getExtension("knativeerrordata");
        assertThat(data).hasSize(LocalBroker.ERROR_DATA_MAX);
        assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)).isEqualTo(big.substring(0, 768));
    }

    @Test
    void aTimeoutAndARefusedConnectionAreRetried() throws Exception {
        ScriptedSubscriber slow = subscriber("slow", ScriptedSubscriber.answering(
                n -> n == 0 ? Answer.status(202).after(4_000) : Answer.status(202)));
        ScriptedSubscriber dead = subscriber("dead", ScriptedSubscriber.accepting());
        ScriptedSubscriber gone = subscriber("gone", ScriptedSubscriber.accepting());
        gone.close();
        LocalBroker broker = broker("{retry: 2, backoffDelay: PT0.01S, timeout: PT1S, deadLetterSink: {ref:"
                        + " {apiVersion: serving.knative.dev/v1, kind: Service, name: dead}}}",
                trigger("to-slow", "{type: test.slow}", "slow", null, ""),
                trigger("to-gone", "{type: test.gone}", "gone", null, ""));

        postBinary(broker.uri(), event("test.slow", "s-1").build());
        postBinary(broker.uri(), event("test.gone", "g-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(record(broker, "to-slow").attempts()).containsExactly("timeout", "202");
        DeliveryRecord refused = record(broker, "to-gone");
        assertThat(refused.attempts()).hasSize(3).allMatch(a -> a.startsWith("connection error"));
        assertThat(refused.outcome()).isEqualTo(DeliveryRecord.Outcome.DEAD_LETTERED);
        CloudEvent letter = dead.events().getFirst();
        // No response, so no code; the data says why.
        assertThat(letter.getExtension("knativeerrorcode")).isNull();
        assertThat(new String(Base64.getDecoder().decode((String) letter.getExtension("knativeerrordata")),
                StandardCharsets.UTF_8)).startsWith("connection error");
    }

    @Test
    void aCloudEventIn200IsAReplyRoutedBackAndOtherSuccessesAreNot() throws Exception {
        CloudEvent reply = event("test.reply", "r-1").build();
        subscriber("replying", ScriptedSubscriber.answering(n -> structured(200, reply)));
        subscriber("acking", ScriptedSubscriber.answering(n -> Answer.body(200, "{\"ok\":true}")));
        ScriptedSubscriber replies = subscriber("replies", ScriptedSubscriber.accepting());
        LocalBroker broker = broker("", trigger("ask", "{type: test.ask}", "replying", null, ""),
                trigger("ack", "{type: test.ack}", "acking", null, ""),
                trigger("on-reply", "{type: test.reply}", "replies", null, ""));

        postBinary(broker.uri(), event("test.ask", "a-1").build());
        postBinary(broker.uri(), event("test.ack", "k-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(replies.events()).extracting(CloudEvent::getId).containsExactly("r-1");
        assertThat(replies.events().getFirst().getExtension("knativearrivaltime")).isNotNull();
        assertThat(record(broker, "ask").outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED_WITH_REPLY);
        assertThat(record(broker, "ack").outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
        assertThat(broker.accepted()).extracting(CloudEvent::getId).containsExactlyInAnyOrder("a-1", "k-1", "r-1");
    }

    @Test
    void retryAfterIsHonouredOn429OnlyWhenTheDeliveryHasRetryAfterMax() throws Exception {
        IntFunction429 throttled = () -> ScriptedSubscriber.answering(n -> n == 0
                ? new Answer(429, Map.of("Retry-After", "1"), new byte[0], 0) : Answer.status(202));
        ScriptedSubscriber honouring = subscriber("honouring", throttled.get());
        ScriptedSubscriber ignoring = subscriber("ignoring", throttled.get());
        LocalBroker broker = broker("", trigger("honour", "{type: test.throttled}", "honouring", null,
                        "{retry: 1, backoffDelay: PT0.01S, retryAfterMax: PT5S}"),
                trigger("ignore", "{type: test.throttled}", "ignoring", null, "{retry: 1, backoffDelay: PT0.01S}"));

        postBinary(broker.uri(), event("test.throttled", "t-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(gapMillis(honouring, 1)).isBetween(950L, 4_000L);
        assertThat(gapMillis(ignoring, 1)).isLessThan(900L);
        assertThat(broker.deliveries()).extracting(DeliveryRecord::attempts).containsOnly(List.of("429", "202"));
    }

    @Test
    void aTriggerWhoseServiceIsNotRegisteredIsNotReadyAndGetsNothing() throws Exception {
        LocalBroker broker = broker("", trigger("t", "{type: test.any}", "nobody", null, ""));

        assertThat(postBinary(broker.uri(), event("test.any", "n-1").build())).isEqualTo(202);
        broker.awaitQuiet(QUIET);

        assertThat(broker.deliveries()).singleElement().extracting(DeliveryRecord::outcome)
                .isEqualTo(DeliveryRecord.Outcome.SUBSCRIBER_NOT_READY);
    }

    @Test
    void boundsConcurrencyPerSubscriberAndRefusesIngressBeyondTheInFlightCap() throws Exception {
        // Each delivery takes a second: the eight posts are over long before a slot frees up.
        ScriptedSubscriber slow = subscriber("slow", ScriptedSubscriber.answering(n -> Answer.status(202).after(1_000)));
        LocalBroker broker = startBroker(manifest("", trigger("t", "{type: test.slow}", "slow", null, "")),
                LocalBroker.Settings.defaults().withLimits(1 << 20, 6, 2));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(postBinary(broker.uri(), event("test.slow", "c-" + i).build()));
        }
        broker.awaitQuiet(QUIET);

        assertThat(statuses.subList(0, 6)).containsOnly(202);
        assertThat(statuses.subList(6, 8)).containsOnly(429);
        assertThat(slow.received()).hasSize(6);
        assertThat(slow.maxConcurrent()).isEqualTo(2);
    }

    @Test
    void theRepositorysEventingSendsScannerEventsToTheScannerAndItsRefusalsToTheApi() throws Exception {
        ScriptedSubscriber scanner = subscriber("pharos-scanner",
                ScriptedSubscriber.answering(n -> Answer.body(400, "{\"title\":\"no such image\"}")));
        ScriptedSubscriber api = subscriber("pharos-api", ScriptedSubscriber.accepting());
        LocalBroker broker = startBroker(Peers.repoRoot().resolve("eventing"), LocalBroker.Settings.defaults());

        assertThat(broker.routes()).extracting(TriggerRoute::name).containsExactlyInAnyOrder(
                "pharos-scanner-image-pushed", "pharos-scanner-scan-requested", "pharos-scanner-vulndb-updated");
        assertThat(broker.routes()).allSatisfy(route -> {
            // As eventing/scanner-triggers.yaml sets them: the scanner Service's timeoutSeconds (420), 8 retries.
            assertThat(route.delivery().timeout()).contains(Duration.ofMinutes(7));
            assertThat(route.delivery().retry()).isEqualTo(8);
        });
        postBinary(broker.uri(), event("dev.pharos.image.pushed.v1", "p-1").build());
        postBinary(broker.uri(), event("dev.pharos.image.scanned.v1", "s-1").build());
        broker.awaitQuiet(QUIET);

        assertThat(scanner.events()).extracting(CloudEvent::getId).containsExactly("p-1");
        assertThat(api.received()).singleElement().satisfies(letter -> {
            assertThat(letter.path()).isEqualTo("/internal/dead-letters");
            assertThat(letter.event().getId()).isEqualTo("p-1");
            assertThat(letter.event().getExtension("knativeerrorcode")).isEqualTo("400");
        });
        // image.scanned is terminal: accepted, routed nowhere.
        assertThat(broker.accepted()).extracting(CloudEvent::getId).containsExactlyInAnyOrder("p-1", "s-1");
        assertThat(broker.deliveries()).extracting(DeliveryRecord::id).containsExactly("p-1");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface IntFunction429 {
        ScriptedSubscriber get();
    }

    private ScriptedSubscriber subscriber(String service, ScriptedSubscriber subscriber) {
        closing.add(subscriber);
        services.register(service, subscriber.uri());
        return subscriber;
    }

    private LocalBroker broker(String brokerDelivery, String... triggers) throws IOException {
        return startBroker(manifest(brokerDelivery, triggers), LocalBroker.Settings.defaults());
    }

    private LocalBroker startBroker(Path dir, LocalBroker.Settings settings) {
        LocalBroker broker = LocalBroker.start(dir, services, settings);
        closing.add(broker);
        return broker;
    }

    private Path manifest(String brokerDelivery, String... triggers) throws IOException {
        Files.writeString(manifests.resolve("broker.yaml"), """
                apiVersion: eventing.knative.dev/v1
                kind: Broker
                metadata: {name: pharos, namespace: pharos}
                spec: {%s}
                """.formatted(brokerDelivery.isEmpty() ? "" : "delivery: " + brokerDelivery));
        Files.writeString(manifests.resolve("triggers.yaml"), String.join("---\n", triggers));
        return manifests;
    }

    private static String trigger(String name, String filter, String service, String uri, String delivery) {
        return """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: %s, namespace: pharos}
                spec:
                  broker: pharos
                  filter: {attributes: %s}
                  subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: %s}%s}
                %s""".formatted(name, filter, service, uri == null ? "" : ", uri: " + uri,
                delivery.isEmpty() ? "" : "  delivery: " + delivery + "\n");
    }

    private static CloudEventBuilder event(String type, String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType(type)
                .withDataContentType("application/json").withData("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    }

    private static Answer structured(int status, CloudEvent event) {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        return new Answer(status, Map.of("Content-Type", JsonFormat.CONTENT_TYPE), format.serialize(event), 0);
    }

    private static int postBinary(URI uri, CloudEvent event) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        return HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int postStructured(URI uri, CloudEvent event) throws Exception {
        Answer answer = structured(0, event);
        return post(uri, answer.headers(), new String(answer.body(), StandardCharsets.UTF_8));
    }

    private static int post(URI uri, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static DeliveryRecord record(LocalBroker broker, String trigger) {
        return broker.deliveries().stream().filter(r -> r.trigger().equals(trigger)).findFirst().orElseThrow();
    }

    private static long gapMillis(ScriptedSubscriber subscriber, int attempt) {
        List<ScriptedSubscriber.Received> received = subscriber.received();
        return (received.get(attempt).nanos() - received.get(attempt - 1).nanos()) / 1_000_000;
    }

    /** Each wait is at least the policy's, and not wildly more (a loaded machine adds, never subtracts). */
    private static void assertGaps(ScriptedSubscriber subscriber, long... expectedMillis) {
        for (int i = 0; i < expectedMillis.length; i++) {
            assertThat(gapMillis(subscriber, i + 1)).as("wait before retry %d", i + 1)
                    .isBetween(expectedMillis[i] - 5, expectedMillis[i] + 2_000);
        }
    }
}
