package dev.pharos.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A CloudEvents receiver on 127.0.0.1 standing in for a Knative Broker or any event sink: binary and structured
 * HTTP mode, 202 by default, and every recorded event checked against its JSON Schema.
 * <p>
 * {@link #failNext(int, int)} makes the next deliveries fail with a status of your choice (and records nothing), to
 * test retry and dead-letter behaviour of the sender. Deliveries that are not readable CloudEvents are answered 400
 * and reported through {@link #schemaViolations()}, so a broken sender cannot go unnoticed.
 */
public final class CapturingSink implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final EventSchemas schemas;
    private final List<CloudEvent> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int failuresLeft;
    private int failureStatus;
    private int refused;

    private CapturingSink(EventSchemas schemas) {
        this.schemas = schemas;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the capturing sink", e);
        }
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "pharos-capturing-sink");
            thread.setDaemon(true);
            // Inside a Quarkus test the creating thread's context loader is Quarkus's; the CloudEvents SDK finds its
            // formats through ServiceLoader on the context loader and must see the classes this sink was loaded with.
            thread.setContextClassLoader(CapturingSink.class.getClassLoader());
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A sink validating against the repository's contract ({@link EventSchemas#fromRepo()}). */
    public static CapturingSink start() {
        return start(EventSchemas.fromRepo());
    }

    public static CapturingSink start(EventSchemas schemas) {
        return new CapturingSink(schemas);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public synchronized List<CloudEvent> events() {
        return List.copyOf(events);
    }

    /** Waits until at least {@code count} events are recorded and returns all of them. */
    public List<CloudEvent> awaitEvents(int count, Duration timeout) {
        awaitMatching(event -> true, count, timeout);
        return events();
    }

    /**
     * Waits until at least {@code count} recorded events match, and returns the matching ones: a sink shared by
     * several tests holds other tests' events too.
     */
    public synchronized List<CloudEvent> awaitMatching(Predicate<CloudEvent> wanted, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<CloudEvent> matching = events.stream().filter(wanted).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + count + " CloudEvents (matching) at " + uri()
                        + " within " + timeout + " but got " + matching.size() + " of " + describe(events)
                        + "; deliveries refused: " + refused + "; schema violations: " + violations);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for events", e);
            }
        }
    }

    /** The next {@code deliveries} requests are answered with {@code status} and not recorded. */
    public synchronized void failNext(int deliveries, int status) {
        failuresLeft = deliveries;
        failureStatus = status;
    }

    /** How many deliveries were answered with a {@link #failNext} status so far. */
    public synchronized int deliveriesRefused() {
        return refused;
    }

    public synchronized List<String> schemaViolations() {
        return List.copyOf(violations);
    }

    /** Forgets recorded events, violations and the refused count, and cancels pending failures. */
    public synchronized void clear() {
        events.clear();
        violations.clear();
        refused = 0;
        failuresLeft = 0;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            int status;
            try {
                status = receive(exchange, bytes);
            } catch (RuntimeException | LinkageError e) {
                // The JDK server would drop the connection silently; a test must see why instead.
                synchronized (this) {
                    violations.add("sink failed on a delivery: " + e);
                }
                e.printStackTrace();
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private synchronized int receive(HttpExchange exchange, byte[] body) {
        if (failuresLeft > 0) {
            failuresLeft--;
            refused++;
            return failureStatus;
        }
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReaderFromMultimap(exchange.getRequestHeaders(), body).toEvent();
        } catch (RuntimeException e) {
            violations.add("unreadable delivery " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " (Content-Type " + exchange.getRequestHeaders().getFirst("Content-Type") + "): " + e);
            return 400;
        }
        violations.addAll(schemas.validate(event));
        events.add(event);
        notifyAll();
        return 202;
    }

    private static String describe(List<CloudEvent> events) {
        return events.stream().map(e -> e.getType() + "/" + e.getId()).collect(Collectors.joining(", ", "[", "]"));
    }
}
