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
    public synchronized List<CloudEvent> awaitEvents(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + count + " CloudEvents at " + uri() + " within "
                        + timeout + " but got " + events.size() + ": " + describe(events) + "; deliveries refused: "
                        + refused + "; schema violations: " + violations);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for events", e);
            }
        }
        return List.copyOf(events);
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
            int status = receive(exchange, bytes);
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
