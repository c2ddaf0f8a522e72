package dev.pharos.harness.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pharos.harness.EventSchemas;
import dev.pharos.harness.Peers;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Knative-faithful Broker on 127.0.0.1 for pharos-local and end-to-end tests, configured from the Broker and
 * Triggers of {@code eventing/} (or any directory of such manifests).
 * <ul>
 *   <li>Ingress: POST of a CloudEvent in binary or structured HTTP mode at {@code /} or
 *       {@code /<namespace>/<broker>} → 202; not a CloudEvent (or missing id/source/type/specversion) → 400; over the
 *       size cap → 413; more than {@code maxInFlight} deliveries pending → 429 with {@code Retry-After}. Accepted
 *       events get the {@code knativearrivaltime} extension.</li>
 *   <li>Routing: each Trigger whose attribute filter matches gets its own delivery (binary mode, {@code Prefer:
 *       reply}), retried per {@link DeliveryPolicy}; failures go to the dead-letter sink with Knative's
 *       {@code knativeerror*} extensions. A 200 whose body is a CloudEvent is a reply and goes back into the broker.</li>
 *   <li>Bounds: at most {@code concurrencyPerSubscriber} requests at once per subscriber address, at most
 *       {@code maxInFlight} deliveries pending, and the logs kept for tests hold the latest {@value #KEPT} entries.</li>
 * </ul>
 */
public final class LocalBroker implements AutoCloseable {
    /** Entries kept in each of the logs for tests. */
    public static final int KEPT = 10_000;
    /** Knative's KnativeErrorDataExtensionMaxLength: the base64 of the failed response's body is cut to this. */
    static final int ERROR_DATA_MAX = 1024;
    /** The body bytes whose base64 is exactly {@link #ERROR_DATA_MAX} characters. */
    private static final int ERROR_BODY_MAX = ERROR_DATA_MAX / 4 * 3;

    private final Broker broker;
    private final List<TriggerRoute> routes;
    private final ServiceRegistry services;
    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService deliveries;
    private final HttpClient http;
    private final Map<String, Semaphore> subscriberPermits = new ConcurrentHashMap<>();
    private final Deque<DeliveryRecord> log = new ArrayDeque<>();
    private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();
    private final Deque<CloudEvent> accepted = new ArrayDeque<>();
    private final Deque<String> schemaViolations = new ArrayDeque<>();
    private int inFlight;

    /** Limits and hooks; {@link #defaults()} suits tests and pharos-local. */
    public record Settings(int maxEventBytes, int maxInFlight, int concurrencyPerSubscriber,
                           Optional<EventSchemas> schemas, Consumer<DeliveryRecord> listener) {
        public static Settings defaults() {
            return new Settings(1 << 20, 1_000, 16, Optional.empty(), record -> { });
        }

        public Settings withSchemas(EventSchemas eventSchemas) {
            return new Settings(maxEventBytes, maxInFlight, concurrencyPerSubscriber, Optional.of(eventSchemas), listener);
        }

        public Settings withListener(Consumer<DeliveryRecord> deliveryListener) {
            return new Settings(maxEventBytes, maxInFlight, concurrencyPerSubscriber, schemas, deliveryListener);
        }

        public Settings withLimits(int eventBytes, int inFlightDeliveries, int perSubscriber) {
            return new Settings(eventBytes, inFlightDeliveries, perSubscriber, schemas, listener);
        }
    }

    private LocalBroker(Broker broker, List<TriggerRoute> routes, ServiceRegistry services, Settings settings) {
        this.broker = broker;
        this.routes = routes;
        this.services = services;
        this.settings = settings;
        this.deliveries = Executors.newVirtualThreadPerTaskExecutor();
        // HTTP/1.1: Knative's dispatchers speak it, and an h2c upgrade offer would only confuse small servers.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local broker", e);
        }
        server.setExecutor(deliveries);
        server.createContext("/", this::ingress);
        server.start();
    }

    /** The broker of the repository's {@code eventing/} with default settings. */
    public static LocalBroker fromRepo(ServiceRegistry services) {
        return start(Peers.repoRoot().resolve("eventing"), services,
                Settings.defaults().withSchemas(EventSchemas.fromRepo()));
    }

    /**
     * Starts the one Broker defined in {@code manifests} with its Triggers. A Trigger naming another broker is an
     * error here (Knative would leave it not ready; locally that hides a typo).
     */
    public static LocalBroker start(Path manifests, ServiceRegistry services, Settings settings) {
        KnativeManifests loaded = KnativeManifests.load(manifests);
        List<Broker> brokers = loaded.all(Broker.class);
        if (brokers.size() != 1) {
            throw new IllegalArgumentException(manifests + " must define exactly one Broker, found " + brokers.size());
        }
        Broker broker = brokers.getFirst();
        List<TriggerRoute> routes = new ArrayList<>();
        for (Trigger trigger : loaded.all(Trigger.class)) {
            if (!broker.getMetadata().getName().equals(trigger.getSpec().getBroker())) {
                throw new IllegalArgumentException("Trigger " + trigger.getMetadata().getName() + " names broker "
                        + trigger.getSpec().getBroker() + ", not " + broker.getMetadata().getName());
            }
            routes.add(TriggerRoute.of(trigger, broker));
        }
        return new LocalBroker(broker, List.copyOf(routes), services, settings);
    }

    /** The ingress address, what a SinkBinding injects as K_SINK. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public List<TriggerRoute> routes() {
        return routes;
    }

    /** Waits until no event is being routed, delivered, retried or dead-lettered. */
    public void awaitQuiet(Duration timeout) {
        await(() -> inFlight == 0 ? Optional.of(true) : Optional.empty(), timeout,
                () -> "broker not quiet after " + timeout + ": " + inFlight + " deliveries in flight; latest: "
                        + log.peekLast());
    }

    /** Waits for the first accepted event that matches, e.g. the event a push made intake emit. */
    public CloudEvent awaitAccepted(Predicate<CloudEvent> wanted, Duration timeout) {
        return await(() -> accepted.stream().filter(wanted).findFirst(), timeout,
                () -> "no matching event accepted within " + timeout + "; accepted: "
                        + accepted.stream().map(e -> e.getType() + "/" + e.getId()).toList());
    }

    /** Waits, under this broker's lock, until {@code found} gives a value; every change of state notifies. */
    private synchronized <T> T await(Supplier<Optional<T>> found, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = found.get();
            if (value.isPresent()) {
                return value.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(failure.get());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            }
        }
    }

    /** Finished deliveries, oldest first. */
    public synchronized List<DeliveryRecord> deliveries() {
        return List.copyOf(log);
    }

    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Events the ingress accepted (replies included), with their {@code knativearrivaltime}. */
    public synchronized List<CloudEvent> accepted() {
        return List.copyOf(accepted);
    }

    /** JSON Schema violations of accepted events, when the settings carry schemas. */
    public synchronized List<String> schemaViolations() {
        return List.copyOf(schemaViolations);
    }

    @Override
    public void close() {
        server.stop(0);
        deliveries.shutdownNow();
        http.close();
    }

    private void ingress(HttpExchange exchange) throws IOException {
        Thread.currentThread().setContextClassLoader(LocalBroker.class.getClassLoader());
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            String own = "/" + broker.getMetadata().getNamespace() + "/" + broker.getMetadata().getName();
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "only POST is accepted");
            } else if (!path.equals("/") && !path.equals(own)) {
                respond(exchange, 404, "no broker at " + path + " (use / or " + own + ")");
            } else {
                byte[] body = in.readNBytes(settings.maxEventBytes() + 1);
                if (body.length > settings.maxEventBytes()) {
                    respond(exchange, 413, "event larger than " + settings.maxEventBytes() + " bytes");
                    return;
                }
                CloudEvent event;
                try {
                    event = HttpMessageFactory.createReaderFromMultimap(exchange.getRequestHeaders(), body).toEvent();
                    requireContext(event);
                } catch (RuntimeException e) {
                    respond(exchange, 400, "not a CloudEvent: " + e.getMessage());
                    return;
                }
                if (accept(event, false)) {
                    respond(exchange, 202, "");
                } else {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    respond(exchange, 429, "broker full: " + settings.maxInFlight() + " deliveries in flight");
                }
            }
        }
    }

    /** CloudEvents 1.0 required context attributes; the SDK accepts some of them empty. */
    private static void requireContext(CloudEvent event) {
        if (event.getId() == null || event.getId().isEmpty()) {
            throw new IllegalArgumentException("id is required");
        }
        if (event.getSource() == null || event.getSource().toString().isEmpty()) {
            throw new IllegalArgumentException("source is required");
        }
        if (event.getType() == null || event.getType().isEmpty()) {
            throw new IllegalArgumentException("type is required");
        }
    }

    /**
     * Stamps, records and routes an event. A reply is routed even past the in-flight cap: the delivery that produced
     * it holds a slot until then, so replies cannot grow the backlog beyond the fan-out of one event each.
     */
    private boolean accept(CloudEvent received, boolean reply) {
        CloudEvent event = CloudEventBuilder.from(received)
                .withExtension("knativearrivaltime", Instant.now().toString()).build();
        List<TriggerRoute> matching = routes.stream().filter(route -> route.matches(event)).toList();
        synchronized (this) {
            if (!reply && inFlight + matching.size() > settings.maxInFlight()) {
                return false;
            }
            inFlight += matching.size();
            keep(accepted, event);
            notifyAll();
            settings.schemas().ifPresent(schemas -> schemas.validate(event).forEach(v -> keep(schemaViolations, v)));
        }
        for (TriggerRoute route : matching) {
            deliveries.execute(() -> deliver(event, route));
        }
        return true;
    }

    private void deliver(CloudEvent event, TriggerRoute route) {
        Thread.currentThread().setContextClassLoader(LocalBroker.class.getClassLoader());
        String subscriber = ServiceRegistry.describe(route.subscriber());
        DeliveryRecord record;
        try {
            Optional<URI> target = services.resolve(route.subscriber());
            if (target.isEmpty()) {
                record = record(event, route, subscriber, List.of(), DeliveryRecord.Outcome.SUBSCRIBER_NOT_READY);
            } else {
                List<Attempt> attempts = attempts(target.get(), event, route.delivery());
                Attempt last = attempts.getLast();
                DeliveryRecord.Outcome outcome;
                if (last.succeeded()) {
                    Optional<CloudEvent> reply = last.reply().filter(LocalBroker::hasContext);
                    reply.ifPresent(r -> accept(r, true));
                    outcome = reply.isPresent() ? DeliveryRecord.Outcome.DELIVERED_WITH_REPLY
                            : DeliveryRecord.Outcome.DELIVERED;
                } else {
                    outcome = deadLetter(route, event, target.get(), last) ? DeliveryRecord.Outcome.DEAD_LETTERED
                            : DeliveryRecord.Outcome.DROPPED;
                }
                record = record(event, route, subscriber, attempts.stream().map(Attempt::describe).toList(), outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record = record(event, route, subscriber, List.of("interrupted"), DeliveryRecord.Outcome.DROPPED);
        } catch (RuntimeException e) {
            record = record(event, route, subscriber, List.of("broker error: " + e), DeliveryRecord.Outcome.DROPPED);
        }
        finish(record);
    }

    /** Attempts until a 2xx, a non-retryable answer, or the retries are used up; at most one permit per attempt. */
    private List<Attempt> attempts(URI target, CloudEvent event, DeliveryPolicy policy) throws InterruptedException {
        Semaphore permits = subscriberPermits.computeIfAbsent(target.getAuthority(),
                address -> new Semaphore(settings.concurrencyPerSubscriber()));
        List<Attempt> attempts = new ArrayList<>();
        for (int retry = 0; ; retry++) {
            permits.acquire();
            Attempt attempt;
            try {
                attempt = Attempt.send(http, target, event, policy.timeout(), settings.maxEventBytes());
            } finally {
                permits.release();
            }
            attempts.add(attempt);
            if (attempt.succeeded() || !attempt.retryable() || retry >= policy.retry()) {
                return attempts;
            }
            Thread.sleep(policy.waitBefore(retry + 1, attempt.status(), attempt.retryAfter()));
        }
    }

    /**
     * Posts the failed event to the Trigger's dead-letter sink with Knative's error extensions (the same retry policy
     * applies to the sink); true when the sink accepted it.
     */
    private boolean deadLetter(TriggerRoute route, CloudEvent event, URI target, Attempt last)
            throws InterruptedException {
        CloudEventBuilder letter = CloudEventBuilder.from(event).withExtension("knativeerrordest", target.toString());
        byte[] data = last.body();
        if (last.status() > 0) {
            letter.withExtension("knativeerrorcode", last.status());
        } else {
            // No response: the reason (timeout, refused connection) is the most useful error data there is.
            data = last.error().getBytes(StandardCharsets.UTF_8);
        }
        if (data.length > 0) {
            // Cut the body, not its base64, so the value stays decodable: 768 bytes encode to exactly 1024 characters.
            byte[] cut = data.length > ERROR_BODY_MAX ? Arrays.copyOf(data, ERROR_BODY_MAX) : data;
            letter.withExtension("knativeerrordata", Base64.getEncoder().encodeToString(cut));
        }
        CloudEvent built = letter.build();
        Optional<URI> sink = route.delivery().deadLetterSink().flatMap(services::resolve);
        boolean accepted = sink.isPresent() && attempts(sink.get(), built, route.delivery()).getLast().succeeded();
        synchronized (this) {
            keep(deadLetters, new DeadLetter(route.name(), built, accepted));
        }
        return accepted;
    }

    private static boolean hasContext(CloudEvent event) {
        try {
            requireContext(event);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static DeliveryRecord record(CloudEvent event, TriggerRoute route, String subscriber, List<String> attempts,
                                         DeliveryRecord.Outcome outcome) {
        return new DeliveryRecord(event.getType(), event.getId(), route.name(), subscriber, attempts, outcome);
    }

    private void finish(DeliveryRecord record) {
        try {
            settings.listener().accept(record);
        } finally {
            synchronized (this) {
                keep(log, record);
                inFlight--;
                notifyAll();
            }
        }
    }

    private static <T> void keep(Deque<T> deque, T item) {
        if (deque.size() == KEPT) {
            deque.removeFirst();
        }
        deque.addLast(item);
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
